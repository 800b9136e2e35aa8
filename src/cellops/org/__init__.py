"""The organisation: cells, members, roles over time, clients, accounts, epics,
and the sprint calendar every cell shares (ORG-1 … ORG-4, SP-1)."""
