"""The network itself: its character vocabulary, the LSTM, and the device it runs on."""
