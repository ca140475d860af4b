/// Why a probe's connection could not be made, or its answer read.
struct ProbeFailure: Error {
    let reason: String
}
