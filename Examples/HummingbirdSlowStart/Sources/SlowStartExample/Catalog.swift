/// The service's data: a catalogue that takes a while to load, like a model or a replayed log. The
/// core (what requests need) loads before the service is ready; the rest loads after, in the background.
actor Catalog {
    private(set) var coreLoaded = false
    private(set) var extrasLoaded = false

    /// Loads the core in `seconds`, reporting each tenth.
    func loadCore(taking seconds: Double, report: @Sendable (String) -> Void) async throws {
        for tenth in 1...10 {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 100)))
            report("\(tenth * 10)%")
        }
        coreLoaded = true
    }

    /// Loads the rest in `seconds`; requests are served meanwhile.
    func loadExtras(taking seconds: Double) async throws {
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        extrasLoaded = true
    }

    /// The liveness check: the catalogue still answers.
    func ping() throws {
        guard coreLoaded else { throw CatalogError.notLoaded }
    }

    /// What `GET /` says.
    var summary: String {
        "catalog: core \(coreLoaded ? "loaded" : "loading"), extras \(extrasLoaded ? "loaded" : "loading")\n"
    }
}

enum CatalogError: Error, CustomStringConvertible {
    case notLoaded

    var description: String { "the catalog's core is not loaded" }
}
