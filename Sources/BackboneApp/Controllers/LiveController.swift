import BackbonePersistence
import Vapor

/// `GET /i/:slug/live`: server-sent events telling an open results page that figures changed.
/// Events carry ids only; the page fetches itself again, with the viewer's own permissions.
enum LiveController {
    static let heartbeat: Duration = .seconds(15)

    @Sendable static func stream(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let changes = await req.application.changeFeed.subscribe(initiativeID: access.scope.initiativeID)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // Proxies must pass each event on at once instead of collecting the response.
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        // "Managed": the stream is ended (or failed) for us however the closure exits, also when
        // the reader went away and a write threw.
        let body = Response.Body(managedAsyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n: connected\n\n")))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await change in changes {
                        let ids = change.indicatorIDs.map { "\"\($0.uuidString)\"" }.joined(separator: ",")
                        try await writer.write(.buffer(ByteBuffer(string: "event: change\ndata: {\"indicators\":[\(ids)]}\n\n")))
                    }
                }
                group.addTask {
                    // A comment now and then: keeps proxies from closing the stream and notices a
                    // reader that went away, which ends the subscription.
                    while true {
                        try await Task.sleep(for: heartbeat)
                        try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}
