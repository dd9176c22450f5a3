"""Maps: the resident map's clusters, the planners' Folium maps and their class breaks."""
