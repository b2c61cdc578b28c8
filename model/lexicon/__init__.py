"""Word statistics mixed into word suggestions: counts of the training text, general English, the document, typed words."""
