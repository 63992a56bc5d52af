@testable import BackboneDomain
import Foundation
import Testing

@Suite("Meeting rules")
struct MeetingRulesTests {
    @Test("a meeting's time is read in its own zone; ending before it starts, unknown zones and impossible times are refused")
    func meetingTime() throws {
        let time = try MeetingTime.parse(day: "2026-12-03", start: "15:00", end: "16:30", zone: "America/New_York")
        #expect(time.start == ISO8601DateFormatter().date(from: "2026-12-03T20:00:00Z"), "15:00 in New York in December is 20:00 UTC")
        #expect(time.end.timeIntervalSince(time.start) == 90 * 60)
        // Shown in the meeting's own zone, as each language writes days and times (ICU may put a
        // narrow no-break space before AM/PM).
        #expect(time.display(Texts(.en)).replacingOccurrences(of: "\u{202F}", with: " ") == "Thu, Dec 3, 2026, 3:00 PM – 4:30 PM (America/New_York)")
        #expect(time.display(Texts(.es)).hasSuffix("15:00 – 16:30 (America/New_York)"))
        #expect(time.display(Texts(.es)).contains("3 dic 2026"))
        #expect(time.fields.start == "15:00" && time.fields.day == "2026-12-03")
        let summer = try MeetingTime.parse(day: "2026-07-01", start: "15:00", end: "16:00", zone: "America/New_York")
        #expect(summer.start == ISO8601DateFormatter().date(from: "2026-07-01T19:00:00Z"), "daylight saving time is the zone's business")
        do {
            _ = try MeetingTime.parse(day: "2026-12-03", start: "15:00", end: "14:00", zone: "Europe/Paris")
            Issue.record("a meeting ending before it starts was accepted")
        } catch let errors as FieldErrors {
            #expect(errors["endTime"] == "The meeting ends (14:00) before it starts (15:00).")
        }
        #expect(throws: FieldErrors.self) { try MeetingTime.parse(day: "2026-12-03", start: "15:00", end: "15:00", zone: "UTC") }
        #expect(throws: FieldErrors.self) { try MeetingTime.parse(day: "2026-12-03", start: "15:00", end: "16:00", zone: "Mars/Olympus") }
        #expect(throws: FieldErrors.self) { try MeetingTime.parse(day: "2026-12-03", start: "24:00", end: "25:00", zone: "UTC") }
        #expect(throws: FieldErrors.self) { try MeetingTime.parse(day: "2026-02-30", start: "09:00", end: "10:00", zone: "UTC") }
    }

    @Test("a time inside the daylight-saving gap is refused naming the gap; a time the clocks show twice is the earlier one")
    func daylightSaving() throws {
        // New York moved its clocks from 02:00 to 03:00 on 2027-03-14: 02:30 did not happen.
        do {
            _ = try MeetingTime.parse(day: "2027-03-14", start: "02:30", end: "04:00", zone: "America/New_York")
            Issue.record("a start inside the gap was accepted")
        } catch let errors as FieldErrors {
            #expect(errors["startTime"] == "02:30 does not happen on 2027-03-14 in America/New_York: the clocks skip that hour when daylight-saving time starts. Choose another time.")
        }
        #expect(throws: FieldErrors.self) { try MeetingTime.parse(day: "2027-03-14", start: "01:00", end: "02:15", zone: "America/New_York") }
        let around = try MeetingTime.parse(day: "2027-03-14", start: "01:30", end: "03:30", zone: "America/New_York")
        #expect(around.end.timeIntervalSince(around.start) == 3_600, "one real hour passes from 01:30 to 03:30 that night")
        // On 2026-11-01 the clocks went back from 02:00 to 01:00: 01:30 happened twice; the first is taken (EDT, UTC-4).
        let twice = try MeetingTime.parse(day: "2026-11-01", start: "01:30", end: "02:30", zone: "America/New_York")
        #expect(twice.start == ISO8601DateFormatter().date(from: "2026-11-01T05:30:00Z"))
        #expect(twice.end == ISO8601DateFormatter().date(from: "2026-11-01T07:30:00Z"), "two real hours")
        #expect(twice.display(Texts(.es)).hasSuffix("1:30 – 2:30 (America/New_York)"), "the first 01:30, shown in local time")
    }

    @Test("property: an action item is carried into every later meeting of its body that starts before it is closed, and into no other")
    func carryOver() {
        var random = SeededRandom(seed: 6)
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<200 {
            let starts = (0..<6).map { _ in base.addingTimeInterval(Double(Int.random(in: 0..<100, using: &random)) * 86_400) }.sorted()
            let items = (0..<8).map { _ in
                let raised = starts.randomElement(using: &random)!
                let closed: Date? = Bool.random(using: &random) ? raised.addingTimeInterval(Double(Int.random(in: 1..<60, using: &random)) * 86_400) : nil
                return CarryOver.Item(id: UUID(), raisedAt: raised, closedAt: closed)
            }
            for start in starts {
                let carried = Set(CarryOver.carried(into: start, from: items))
                for item in items {
                    let expected = item.raisedAt < start && (item.closedAt == nil || item.closedAt! > start)
                    #expect(carried.contains(item.id) == expected)
                }
            }
            // Once an item stops being carried, it never comes back.
            for item in items {
                let flags = starts.filter { $0 > item.raisedAt }.map { CarryOver.carried(into: $0, from: [item]).contains(item.id) }
                #expect(flags == flags.sorted { $0 && !$1 }, "carried, carried, …, then never again")
            }
        }
    }

    @Test("calendar files escape text, fold long lines within 75 octets without splitting a character, and end lines with CRLF")
    func calendarFile() {
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        let file = CalendarFile(name: "Harbor; County", events: [CalendarFile.Event(
            uid: "m1@backbone", start: start, end: start.addingTimeInterval(3_600), summary: "Review, plan; decide\\again",
            location: "Room 1\u{0007}", description: String(repeating: "Réunion de partenaires ", count: 8) + "\nline two", url: "https://example.org/m/1",
            updated: start)])
        let text = file.text
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("SUMMARY:Review\\, plan\\; decide\\\\again"))
        #expect(text.contains("LOCATION:Room 1\r\n"), "a control character is dropped")
        #expect(text.contains("X-WR-CALNAME:Harbor\\; County"))
        #expect(text.contains("DTSTART:" + CalendarFile.utc(start)))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare line feeds")
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:" + String(repeating: "Réunion de partenaires ", count: 8) + "\\nline two"))
    }
}

@Suite("Mentions")
struct MentionRulesTests {
    @Test("mentions are @ and a handle at the start of a word; email addresses and trailing punctuation are not part of them")
    func handles() {
        #expect(Mentions.handles(in: "@sam.okafor, can you check? cc @Grace and @sam.okafor again.") == ["sam.okafor", "grace"])
        #expect(Mentions.handles(in: "Write to info@example.org or (@data.steward).") == ["data.steward"])
        #expect(Mentions.handles(in: "@ alone, @-, and email@@host") == [])
        #expect(Mentions.handles(in: "line one\n@viewer") == ["viewer"])
        #expect(Mentions.handle(ofEmail: "Data.Steward@Demo.Backbone.local") == "data.steward")
    }
}

@Suite("Report reminders")
struct ReminderRulesTests {
    static func day(_ text: String) -> Date { Date.utcDay(text)! }

    @Test("a report is due soon in the week before its due day, overdue after it until it locks, and never once submitted")
    func dueSoonAndOverdue() {
        let calendar = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 90)
        let (a, b) = (UUID(), UUID())
        let reporting: [UUID: Set<Frequency>] = [a: [.monthly], b: [.monthly, .quarterly]]
        // April is due on May 30 (30 days after April 30).
        let early = ReportReminders.due(on: Self.day("2026-05-20"), calendar: calendar, reporting: reporting, done: [])
        #expect(early.filter { $0.period.key == "2026-04" }.isEmpty, "ten days before: no reminder yet")
        let soon = ReportReminders.due(on: Self.day("2026-05-24"), calendar: calendar, reporting: reporting, done: [])
        #expect(Set(soon.filter { $0.period.key == "2026-04" }.map(\.kind)) == [.dueSoon])
        #expect(soon.filter { $0.period.key == "2026-04" }.count == 2)
        // On June 2, April is overdue and May is not due yet; March is overdue too, until it locks on June 29.
        let june = ReportReminders.due(on: Self.day("2026-06-02"), calendar: calendar, reporting: reporting, done: [ReportReminders.key(a, "2026-04")])
        #expect(june.filter { $0.organizationID == a }.map(\.period.key) == ["2026-03"], "a submitted April; March is still owed")
        #expect(Set(june.filter { $0.organizationID == b && $0.period.frequency == .monthly }.map(\.period.key)) == ["2026-03", "2026-04"])
        #expect(june.allSatisfy { $0.kind == .overdue })
        #expect(ReportReminders.due(on: Self.day("2026-07-05"), calendar: calendar, reporting: [a: [.monthly]], done: [])
            .map(\.period.key).contains("2026-03") == false, "March locked on June 29: nothing more to remind")
        // The first quarter (ends March 31) is due April 30.
        #expect(june.contains { $0.organizationID == b && $0.period.key == "2026-Q1" && $0.kind == .overdue })
    }
}
