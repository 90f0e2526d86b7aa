"""Demo election results of the CSE's élus: category and votes obtained, which order the suppléants (L2314-37)."""

from __future__ import annotations

from typing import Final

OE, TAM, CADRES = "ouvriers_employes", "techniciens_agents_maitrise", "cadres"

#: email → (catégorie professionnelle, voix obtenues) for the demo CSE's titulaires and suppléants. Julien Moreau
#: (CGT) absent is replaced by Karim Haddad (CGT, same category, most votes), never by a CFDT suppléant.
DEMO_ELECTION: Final[dict[str, tuple[str, int]]] = {
    "secretaire@demo.example": (OE, 142),
    "elu@demo.example": (OE, 131),
    "nadia.benali@demo.example": (OE, 118),
    "thomas.girard@demo.example": (OE, 97),
    "sophie.marchand@demo.example": (OE, 104),
    "isabelle.roux@demo.example": (CADRES, 41),
    "marc.fontaine@demo.example": (TAM, 36),
    "lea.dupont@demo.example": (OE, 126),
    "karim.haddad@demo.example": (OE, 112),
    "ines.petit@demo.example": (OE, 95),
    "paul.mercier@demo.example": (OE, 88),
    "chloe.bernard@demo.example": (OE, 93),
    "helene.gauthier@demo.example": (TAM, 33),
    "olivier.perrin@demo.example": (TAM, 29),
}
