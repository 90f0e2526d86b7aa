"""A consultation informed through the BDESE (R2312-5): the layer above the sibling modules consultations and
bdese, which must not import each other."""
