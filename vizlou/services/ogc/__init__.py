"""OGC API - Features (Part 1 Core, Part 2 CRS): the public ideas, each area layer and each
layer's public summaries as collections that GIS tools (QGIS, ArcGIS Pro, GDAL) read live."""
