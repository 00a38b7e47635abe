/** The words of an identifier, lower case: `search_flights` → search, flights; `bookFlight` → book, flight. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** An identifier reduced for matching: `flight_id`, `flightId` and `FlightID` all give `flightid`. */
export function normalizeKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A crude singular: `flights` → `flight`, `ids` → `id` (the demo model needs no better). */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
