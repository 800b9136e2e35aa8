"""The shared kernel: pure-Python building blocks every app's rules may use.

It imports the standard library only (an import-linter contract holds it to
that), so rules that depend on it stay fast to test and free of Django.
"""
