"""Files the engine reads and writes: model files, atomic writes, shipped resources, user documents, the models folder."""
