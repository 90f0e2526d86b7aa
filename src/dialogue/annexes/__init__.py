"""Where documents attach beyond meetings and consultations (issue 16): minutes annexes, SSCT missions,
negotiations and QVT action proposals, through the one generic service of `documents.attachments`."""
