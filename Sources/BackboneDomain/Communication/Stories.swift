import Foundation

/// Where a story stands: partners submit, the backbone publishes (and may take it back).
public enum StoryStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case submitted, published

    public static let catalogKey = "storyStatus"
}

/// Whether the person a story is about agreed to it being shared.
public enum Consent: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case given
    case refused
    case notAsked = "not_asked"

    public static let catalogKey = "consent"
}

/// A photo's kind, told by its first bytes, never by its name or the type the browser claims.
public enum ImageKind: String, Sendable {
    case png = "image/png"
    case jpeg = "image/jpeg"

    public static let maxBytes = 5 * 1_024 * 1_024
    public static let maxSide = 10_000

    /// Checks an upload: a PNG or JPEG whose header reads as one, within the size limits, and of
    /// the type the browser said. Answers the kind and the pixel size.
    public static func verify(_ bytes: [UInt8], claimed: String?) throws -> (kind: ImageKind, width: Int, height: Int) {
        if bytes.count > maxBytes { throw FieldErrors("photo", Texts.current("error.photoTooLargeMost")) }
        guard let (kind, width, height) = png(bytes) ?? jpeg(bytes) else {
            throw FieldErrors("photo", Texts.current("error.fileNotPngJpeg"))
        }
        if let claimed, !claimed.isEmpty, claimed.lowercased() != kind.rawValue, !(kind == .jpeg && claimed.lowercased() == "image/jpg") {
            throw FieldErrors("photo", Texts.current("error.fileSaysButWas", ["claimed": "\(claimed)", "png": "\(kind == .png ? "PNG" : "JPEG")"]))
        }
        guard (1...maxSide).contains(width), (1...maxSide).contains(height) else {
            throw FieldErrors("photo", Texts.current("error.photoSSizeNot", ["width": "\(width)", "height": "\(height)"]))
        }
        return (kind, width, height)
    }

    static func png(_ b: [UInt8]) -> (ImageKind, Int, Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard b.count >= 33, Array(b[0..<8]) == signature, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        func u32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        guard Array(b.suffix(8)[b.count - 8..<b.count - 4]) == Array("IEND".utf8) else { return nil }
        return (.png, u32(16), u32(20))
    }

    static func jpeg(_ b: [UInt8]) -> (ImageKind, Int, Int)? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else { return nil }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            // Start-of-frame markers carry the size: C0–CF except C4 (tables), C8 (reserved), CC (arithmetic tables).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (.jpeg, Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }
}
