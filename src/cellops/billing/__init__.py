"""Billing: worklogs (time logged on tickets) and, later, invoices (SL-6)."""
