import Foundation

/// An iCalendar file (RFC 5545) with one event per meeting, for calendar programs.
public struct CalendarFile: Sendable {
    public struct Event: Sendable {
        public let uid: String
        public let start: Date
        public let end: Date
        public let summary: String
        public let location: String
        public let description: String
        public let url: String
        public let updated: Date

        public init(uid: String, start: Date, end: Date, summary: String, location: String, description: String, url: String, updated: Date) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.url = url
            self.updated = updated
        }
    }

    public var name: String
    public var events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The file's text, with CRLF line ends and lines folded at 75 octets as the format requires.
    public var text: String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Backbone//Meetings//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name)]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + Self.utc(event.updated),
                      "DTSTART:" + Self.utc(event.start), "DTEND:" + Self.utc(event.end), "SUMMARY:" + Self.escape(event.summary)]
            if !event.location.isEmpty { lines.append("LOCATION:" + Self.escape(event.location)) }
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(event.description)) }
            if !event.url.isEmpty { lines.append("URL:" + event.url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Text values escape backslash, semicolon, comma and line breaks; other control characters
    /// are dropped (they have no place in a calendar and could break the format).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if scalar.properties.generalCategory == .control { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func utc(_ date: Date) -> String {
        MeetingTime.formatter("yyyyMMdd'T'HHmmss'Z'", TimeZone(identifier: "UTC")!).string(from: date)
    }

    /// Splits a line into pieces of at most 75 octets, never inside a character; each
    /// continuation starts with a space.
    static func fold(_ line: String) -> String {
        var pieces: [String] = [], current = "", octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > (pieces.isEmpty ? 75 : 74) {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
