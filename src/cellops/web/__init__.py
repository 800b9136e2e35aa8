"""Door helpers shared by every app: problem+json answers, input schemas of the
JSON API, bearer/session authentication, the command-line helpers and the
middleware that makes every /api/ error problem+json (decision 0023)."""
