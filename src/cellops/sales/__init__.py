"""Sales (SL-1 to SL-7): lead prioritisation, the customer lifecycle and billing.

The pure rules live in `rubric` (the SL-1 policy as data), `rules` (scoring
and the SL-2 check of the handbook's worked examples), `data` (plain values)
and `handbook_examples` (the handbook's examples exactly as printed).
"""
