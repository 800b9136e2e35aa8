"""Cross-cutting pieces: identity (logins, personal API tokens), the audit log,
problem+json errors, the base layout and the home page "what needs me now"."""
