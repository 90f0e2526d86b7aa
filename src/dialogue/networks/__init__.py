"""Networks of establishments (issue 20): clusters, programmes and federations that accompany their member
organisations' QVT approach, with their facilitators, collective days, experience sheets and a comparison
that exposes no organisation."""
