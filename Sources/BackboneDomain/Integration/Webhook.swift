import Foundation

/// What a webhook can be told of. The names are the `event` field of every delivery.
public enum WebhookEvent: String, CaseIterable, Codable, Sendable {
    case reportSubmitted = "report.submitted"
    case reportApproved = "report.approved"
    case reportReturned = "report.returned"
    case targetReached = "target.reached"
    case impactReportReleased = "impact_report.released"
    case meetingScheduled = "meeting.scheduled"
}

/// Where a webhook may deliver: an https address on the public internet. Deliveries carry the
/// initiative's figures, and the server must never be turned into a way to reach the machines
/// beside it, so loopback, private, link-local and similar addresses are refused, whether
/// written as numbers or reached through a name (checked again at every delivery). Hosts on
/// `allowedHosts` (an operator's explicit setting, such as a receiver on the same machine) may
/// use http and any address.
public enum WebhookAddress {
    public static let maximumLength = 500

    public static func check(_ raw: String, allowedHosts: Set<String>) -> Result<URL, FieldErrors> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func refuse(_ key: String, _ values: [String: String] = [:]) -> Result<URL, FieldErrors> {
            .failure(FieldErrors("url", Texts.current(key, values)))
        }
        guard !text.isEmpty, text.count <= maximumLength, !text.unicodeScalars.contains(where: { $0.value < 33 || $0.value == 127 }),
              let components = URLComponents(string: text), let url = components.url,
              let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(), !host.isEmpty
        else { return refuse("error.webhookAddress") }
        if components.user != nil || components.password != nil { return refuse("error.webhookNoLogin") }
        if let port = components.port, !(1...65_535).contains(port) { return refuse("error.webhookAddress") }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(bare) {
            return scheme == "https" || scheme == "http" ? .success(url) : refuse("error.webhookHTTPS")
        }
        guard scheme == "https" else { return refuse("error.webhookHTTPS") }
        if let address = IPAddress(bare) {
            return address.isPublic ? .success(url) : refuse("error.webhookPrivate", ["host": bare])
        }
        // Names that only ever mean a machine nearby.
        let local = ["localhost", "localhost.localdomain", "ip6-localhost"].contains(bare)
            || [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet"].contains { bare.hasSuffix($0) }
            || !bare.contains(".")
        return local ? refuse("error.webhookPrivate", ["host": bare]) : .success(url)
    }
}

/// An IPv4 or IPv6 address, and whether it is one anyone on the internet could reach.
public struct IPAddress: Equatable, Sendable {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isPublic: Bool {
        if bytes.count == 4 { return Self.isPublicV4(bytes) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return false }                                   // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return false }             // ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {         // ::ffff:a.b.c.d
            return Self.isPublicV4(Array(b[12..<16]))
        }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b { return Self.isPublicV4(Array(b[12..<16])) } // 64:ff9b::/96
        if b[0] & 0xfe == 0xfc { return false }                                          // fc00::/7 unique local
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return false }                          // fe80::/10 link-local
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return false }                          // fec0::/10 old site-local
        if b[0] == 0xff { return false }                                                 // multicast
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return false }       // 2001:db8::/32 documentation
        return true
    }

    static func isPublicV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false
        case (100, 64...127): return false                          // carrier-grade NAT
        case (169, 254): return false                               // link-local, cloud metadata
        case (172, 16...31): return false
        case (192, 168): return false
        case (192, 0) where b[2] == 0 || b[2] == 2: return false     // IETF, documentation
        case (198, 18...19): return false                           // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return false // documentation
        case (224...255, _): return false                           // multicast, reserved, broadcast
        default: return true
        }
    }
}
