import Vapor

extension AppConfig {
    /// A full link to `path` on this installation: under `BACKBONE_PUBLIC_URL` when it is set
    /// (required once email is on), otherwise at the address this server listens on. Never from
    /// the request's `Host` header, which the client writes.
    func absoluteURL(_ path: String, on app: Application?) -> String {
        if let publicURL {
            return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) + path : publicURL + path
        }
        if let address = app?.http.server.shared.localAddress, let ip = address.ipAddress, let port = address.port {
            let host = ip.contains(":") ? "[\(ip)]" : ip
            return "http://\(host):\(port)\(path)"
        }
        return "http://127.0.0.1:8080\(path)"
    }

    /// The public address as given: an http or https URL with a host and nothing after the path.
    static func checkedPublicURL(_ text: String) -> String? {
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil,
              components.user == nil, components.password == nil else { return nil }
        return text
    }
}
