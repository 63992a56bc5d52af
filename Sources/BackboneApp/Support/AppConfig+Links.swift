import Vapor

extension AppConfig {
    /// A full link to `path` on this installation.
    func absoluteURL(_ path: String, request: Request?) -> String {
        if let publicURL {
            return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) + path : publicURL + path
        }
        let host = request?.headers.first(name: .host) ?? "127.0.0.1:8080"
        let scheme = secureCookies ? "https" : "http"
        return "\(scheme)://\(host)\(path)"
    }
}
