import PunctualCore
import Testing

@Suite("punctual's own messages in the Windows Event Log")
struct EventLogRecordTests {
    @Test("notices, warnings and errors go there with their own type and ID; info and debug do not")
    func levels() {
        #expect(EventLogRecord(level: .debug, message: "probe passed", service: "api") == nil)
        #expect(EventLogRecord(level: .info, message: "started the child", service: "api") == nil)
        let ready = EventLogRecord(level: .notice, message: "ready after 41s", service: "api")
        #expect(ready?.type == 4)
        #expect(ready?.eventID == 1000)
        #expect(ready?.message == "api: ready after 41s")
        #expect(
            EventLogRecord(level: .warning, message: "w", service: "api").map { [$0.type, UInt16($0.eventID)] } == [
                2, 2000,
            ])
        #expect(
            EventLogRecord(level: .error, message: "e", service: "api").map { [$0.type, UInt16($0.eventID)] } == [
                1, 3000,
            ])
    }
}
