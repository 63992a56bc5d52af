import BackboneDomain
import BackbonePersistence
import Foundation
import Vapor

/// Posts webhook deliveries over HTTP, signed. The receiver checks
/// `Backbone-Signature: t=<unix seconds>,v1=<hex>`: HMAC-SHA256 with the endpoint's secret over
/// `<t>.<body>`, and refuses a `t` far from its own clock (replays). Redirects are not followed
/// and the address is checked again before every attempt: a name that now leads to a private
/// address is refused, not reached.
struct WebhookSender: WebhookTransport {
    let client: any Client
    let allowedHosts: Set<String>

    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    static func signature(secret: String, timestamp: Int, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    func post(url: String, body: String, secret: String, deliveryID: UUID, event: String, now: Date) async throws -> Int {
        guard case .success(let checked) = WebhookAddress.check(url, allowedHosts: allowedHosts), let host = checked.host?.lowercased() else {
            throw Refused(description: "the address is no longer allowed")
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if !allowedHosts.contains(bare) {
            let addresses = try await Self.resolve(bare)
            if addresses.isEmpty { throw Refused(description: "\(bare) does not resolve") }
            if let inside = addresses.first(where: { !$0.isPublic }) {
                throw Refused(description: "\(bare) leads to a private address (\(inside.bytes.count == 4 ? "IPv4" : "IPv6"))")
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.add(name: .userAgent, value: "Backbone-Webhooks/1")
        headers.add(name: "Backbone-Event", value: event)
        headers.add(name: "Backbone-Delivery", value: deliveryID.uuidString.lowercased())
        headers.add(name: "Backbone-Signature", value: Self.signature(secret: secret, timestamp: Int(now.timeIntervalSince1970), body: body))
        let response = try await client.post(URI(string: url), headers: headers) { request in
            request.body = ByteBuffer(string: body)
            // A receiver that does not answer within seconds is tried again later.
            request.timeout = .seconds(10)
        }
        return Int(response.status.code)
    }

    /// Every address a name resolves to, on a thread of its own (resolving blocks).
    static func resolve(_ host: String) async throws -> [IPAddress] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &list) == 0 else {
                    continuation.resume(throwing: Refused(description: "\(host) does not resolve"))
                    return
                }
                defer { freeaddrinfo(list) }
                var found: [IPAddress] = []
                var node = list
                while let current = node {
                    if let address = current.pointee.ai_addr {
                        if current.pointee.ai_family == AF_INET {
                            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                                var raw = v4.pointee.sin_addr
                                found.append(IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) }))
                            }
                        } else if current.pointee.ai_family == AF_INET6 {
                            address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                                var raw = v6.pointee.sin6_addr
                                found.append(IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) }))
                            }
                        }
                    }
                    node = current.pointee.ai_next
                }
                continuation.resume(returning: found)
            }
        }
    }
}
