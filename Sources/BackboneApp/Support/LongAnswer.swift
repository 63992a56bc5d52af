import BackbonePersistence
import Foundation
import Vapor

/// The outcome of work running in a task of its own (an import, a bulk decision), for the
/// request that waits for it.
actor PendingOutcome<Value: Sendable> {
    private var value: Value?
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func finish(_ value: Value) {
        self.value = value
        wake()
    }

    /// The outcome, if the work ends within `limit`.
    func result(within limit: Duration) async -> Value? {
        if value == nil {
            let timer = Task { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.wake()
            }
            await withCheckedContinuation { waiting.append($0) }
            timer.cancel()
        }
        return value
    }

    /// Lets every waiter look again: at the outcome, or at the end of its wait.
    private func wake() {
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

typealias ImportOutcome = PendingOutcome<Result<ReportImporter.Summary, any Error>>

/// An answer whose work may outlast the connection's 30 s idle timeout. The work runs as a task
/// of its own, so it goes on to its end even if the client leaves. An answer ready within
/// `importWait` is sent as usual; a later one is streamed: the status first (so it must be known
/// before the work starts), then a space every `importWait` to keep the connection open
/// (whitespace before JSON or HTML changes nothing), then the body.
enum LongAnswer {
    static func respond(_ req: Request, status: HTTPResponseStatus, contentType: HTTPMediaType,
                        work: @escaping @Sendable () async -> String) async -> Response {
        let outcome = PendingOutcome<String>()
        Task { await outcome.finish(await work()) }
        var headers = HTTPHeaders()
        headers.contentType = contentType
        let wait = req.application.backbone.importWait
        if let body = await outcome.result(within: wait) {
            return Response(status: status, headers: headers, body: .init(string: body))
        }
        return Response(status: status, headers: headers, body: .init(managedAsyncStream: { writer in
            while true {
                if let body = await outcome.result(within: wait) {
                    try await writer.write(.buffer(ByteBuffer(string: body)))
                    return
                }
                try await writer.write(.buffer(ByteBuffer(string: " ")))
            }
        }))
    }
}
