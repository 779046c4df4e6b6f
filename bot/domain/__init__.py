"""The domain: periods, figures, the question contract, Spanish text and the plan snapshot.

Pure: no I/O, no database, no Telegram. Everything else in the project builds on this package.
"""
