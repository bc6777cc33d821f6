"""newsreader: an offline reader and archiver for news and long-form articles."""

__version__ = "0.1.0"
APP_NAME = "newsreader"
