import NIOCore
import NIOHTTP1
import NIOPosix
import PunctualCore

/// A small HTTP/1.1 server on an event loop thread of its own, so that it answers even while the
/// cooperative thread pool is busy.
final class HealthServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port it listens on (the one asked for, or the one the system chose for port 0).
    let port: Int

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.group = group
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Listens on `host:port` and answers every request with `answer(method, uri)`.
    static func start(host: String, port: Int, answer: @escaping @Sendable (HTTPMethod, String) -> HTTPAnswer)
        async throws -> HealthServer
    {
        // Two threads where there are two cores: a burst of probes or a scraper never waits on one.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(HealthHTTPHandler(answer: answer))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return HealthServer(group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops listening and ends the event loop thread.
    func close() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
