"""Finding a place by name (SPEC: Place): the areas of every boundary layer and the city's
gazetteer (landmarks, streets, and their intersections), searched as a resident types, by
the map, the API and text messages, from the city's own data with no outside service."""
