"""Worker objects on their own QThreads, where torch and the engine run: prediction and learning."""
