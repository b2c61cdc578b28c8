"""`python -m model`: the engine's command line."""

from model.cli import main

if __name__ == "__main__":
    main()
