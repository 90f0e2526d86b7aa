"""The CSE's règlement intérieur (L2315-24): versions adopted by the CSE and the operating parameters they set."""
