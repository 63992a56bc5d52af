import BackboneDomain
import Vapor

/// A request body whose fields are known, so that a misspelt field is refused instead of
/// silently ignored (a client that sends `sectr` should hear about it).
protocol StrictBody: Decodable {
    static var allowedFields: Set<String> { get }
    /// Checks deeper levels of the object (the top level is checked against `allowedFields`).
    static func checkNested(_ object: [String: Any], into errors: inout FieldErrors)
}

extension StrictBody {
    static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {}
}

extension Request {
    /// Decodes a JSON object body, refusing other media types (415), malformed JSON and wrong
    /// types (400), and unknown fields (422).
    func decodeStrict<T: StrictBody>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application",
              contentType.subType == "json" || contentType.subType.hasSuffix("+json")
        else { throw Abort(.unsupportedMediaType, reason: Texts.current("error.sendBodyApplicationJson")) }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Abort(.badRequest, reason: Texts.current("error.requestBodyEmptySend"))
        }
        let data = Data(buffer.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Abort(.badRequest, reason: Texts.current("error.bodyNotValidJson"))
        }
        var errors = FieldErrors()
        for field in Set(object.keys).subtracting(T.allowedFields).sorted() {
            errors.add(field, Texts.current("error.unknownFieldAllowed", ["allowed": "\(T.allowedFields.sorted().joined(separator: ", "))"]))
        }
        // No field of the API is nullable: leave a field out to keep its value.
        for (field, value) in object where value is NSNull {
            errors.add(field, Texts.current("error.mustNotNullLeave"))
        }
        T.checkNested(object, into: &errors)
        try errors.throwIfAny()
        return try JSONDecoder().decode(T.self, from: data)
    }
}

extension StrictBody {
    /// Checks one object nested in a body (at `path`, such as `amount` or `reach.0`): fields it
    /// does not know, nulls, and the fields it must carry.
    static func checkObject(_ value: Any?, at path: String, allowed: Set<String>, required: Set<String> = [], into errors: inout FieldErrors) {
        guard let object = value as? [String: Any] else { return }
        for key in Set(object.keys).subtracting(allowed).sorted() {
            errors.add("\(path).\(key)", Texts.current("error.unknownFieldAllowed", ["allowed": allowed.sorted().joined(separator: ", ")]))
        }
        for (key, item) in object where item is NSNull { errors.add("\(path).\(key)", Texts.current("error.mustNotNullLeave")) }
        for key in required.subtracting(object.keys).sorted() { errors.add("\(path).\(key)", Texts.current("error.fieldMissing", ["field": key])) }
    }
}
