@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Webhooks against a receiver on loopback (allowed by the operator's explicit setting).
@Suite("Webhooks")
struct WebhookTests {
    actor Received {
        var requests: [(headers: HTTPHeaders, body: String)] = []
        func add(_ headers: HTTPHeaders, _ body: String) { requests.append((headers, body)) }
    }

    @Test("events are delivered signed from the transaction that made them; a failing receiver is retried and logged; bad addresses are refused")
    func deliveries() async throws {
        try await withBackbone({ $0.webhookAllowedHosts = ["127.0.0.1"] }) { app in
            let c = try await SetupAPITests.context(app)
            let received = Received()
            app.post("receiver", "ok") { req async -> HTTPStatus in
                await received.add(req.headers, req.body.string ?? "")
                return .noContent
            }
            app.post("receiver", "down") { _ in HTTPStatus.serviceUnavailable }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let base = "/api/v1/initiatives/river/webhooks"

            // bad asking: refused with the field named, nothing registered
            for (url, words) in [("http://hooks.example.org/x", "https"), ("https://10.0.0.8/x", "private"), ("https://169.254.169.254/x", "private"),
                                 ("https://localhost/x", "private"), ("http://127.0.0.2:\(port)/receiver/ok", "https"), ("not a url", "full address")] {
                try await SetupAPITests.json(app, .POST, base, c.admin, #"{"url": "\#(url)", "events": ["report.submitted"]}"#) { res in
                    #expect(res.status == .unprocessableEntity, "\(url)")
                    #expect(res.text.contains(words), "\(url): \(res.text)")
                }
            }
            try await SetupAPITests.json(app, .POST, base, c.admin, #"{"url": "https://hooks.example.org/x", "events": ["report.eaten"]}"#) { #expect($0.status == .unprocessableEntity) }
            try await SetupAPITests.json(app, .POST, base, c.admin, #"{"url": "https://hooks.example.org/x", "events": []}"#) { #expect($0.status == .unprocessableEntity) }
            try await SetupAPITests.json(app, .POST, base, c.steward, #"{"url": "https://hooks.example.org/x", "events": ["report.submitted"]}"#) { #expect($0.status == .forbidden) }
            #expect(try await WebhookModel.query(on: app.db).count() == 0)

            var secret = ""
            var okID = UUID(), downID = UUID()
            try await SetupAPITests.json(app, .POST, base, c.admin,
                                         #"{"url": "http://127.0.0.1:\#(port)/receiver/ok", "events": ["report.submitted", "report.approved"]}"#) { res in
                #expect(res.status == .created)
                let made = try? res.content.decode(WebhookAPI.WebhookDTO.self)
                secret = made?.secret ?? ""
                okID = made?.id ?? okID
            }
            #expect(secret.hasPrefix("whsec_") && secret.count > 40)
            try await SetupAPITests.json(app, .POST, base, c.admin, #"{"url": "http://127.0.0.1:\#(port)/receiver/down", "events": ["report.submitted"]}"#) { res in
                downID = (try? res.content.decode(WebhookAPI.WebhookDTO.self))?.id ?? downID
            }
            try await app.testing().test(.GET, base, headers: c.admin) { res in
                let list = try? res.content.decode(WebhookAPI.WebhookListDTO.self)
                #expect(list?.items.count == 2 && list?.items.allSatisfy { $0.secret == nil } == true, "the secret is shown once")
            }

            // a refused save announces nothing; a submission announces itself once
            let report = "/api/v1/initiatives/river/reports/\(c.s.other.id!)/\(ReportingPagesTests.thisMonth)"
            try await SetupAPITests.json(app, .PUT, report, c.admin, #"{"intent": "submit", "indicators": [{"code": "PM-SERVED", "total": {"value": -4}}]}"#) {
                #expect($0.status == .unprocessableEntity)
            }
            #expect(try await WebhookDeliveryModel.query(on: app.db).count() == 0)
            try await SetupAPITests.json(app, .PUT, report, c.admin, #"{"intent": "submit", "indicators": [{"code": "PM-SERVED", "total": {"value": 4}}]}"#) {
                #expect($0.status == .ok)
            }
            #expect(try await WebhookDeliveryModel.query(on: app.db).count() == 2)
            let sender = WebhookSender(client: app.client, allowedHosts: app.backbone.webhookAllowedHosts)
            let now = Date()
            #expect(try await WebhookRepository.deliver(on: app.db, now: now, transport: sender) == .init(delivered: 1, retrying: 1, failed: 0))
            #expect(try await WebhookRepository.deliver(on: app.db, now: now, transport: sender) == .init(), "nothing is sent twice, nor before its next attempt")

            let first = try #require(await received.requests.first)
            #expect(first.headers.first(name: "Backbone-Event") == "report.submitted")
            let signature = try #require(first.headers.first(name: "Backbone-Signature"))
            let timestamp = try #require(Int(signature.split(separator: ",")[0].dropFirst(2)))
            #expect(signature == WebhookSender.signature(secret: secret, timestamp: timestamp, body: first.body), "HMAC-SHA256 over t.body with the endpoint's secret")
            #expect(signature != WebhookSender.signature(secret: secret, timestamp: timestamp, body: first.body + " "))
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: Any])
            #expect(payload["event"] as? String == "report.submitted")
            #expect((payload["initiative"] as? [String: Any])?["slug"] as? String == "river")
            #expect((payload["data"] as? [String: Any])?["period"] as? String == ReportingPagesTests.thisMonth)

            // the failing receiver's log: one attempt, its answer, a next attempt later
            try await app.testing().test(.GET, "\(base)/\(downID)/deliveries", headers: c.admin) { res in
                let log = try? res.content.decode(WebhookAPI.DeliveryListDTO.self)
                #expect(log?.items.count == 1)
                #expect(log?.items.first?.state == "pending" && log?.items.first?.attempts == 1 && log?.items.first?.lastStatus == 503)
                #expect((log?.items.first?.nextAttemptAt ?? now) > now)
            }
            // retried with back-off until it gives up
            var later = now
            for _ in 1..<OutboxRetry.maxAttempts {
                later = later.addingTimeInterval(3_601)
                _ = try await WebhookRepository.deliver(on: app.db, now: later, transport: sender)
            }
            let gaveUp = try #require(try await WebhookDeliveryModel.query(on: app.db).filter(\.$webhookID == downID).first())
            #expect(gaveUp.state == "failed" && gaveUp.attempts == OutboxRetry.maxAttempts)

            // an approval announces itself to the endpoint that listens for it
            let submission = try #require(try await SubmissionModel.query(on: app.db).first())
            try await SetupAPITests.json(app, .POST, "/api/v1/initiatives/river/review-decisions", c.admin, #"{"decision": "approve", "reports": ["\#(submission.id!)"]}"#) {
                #expect($0.status == .ok)
            }
            _ = try await WebhookRepository.deliver(on: app.db, now: Date(), transport: sender)
            #expect(await received.requests.map { $0.headers.first(name: "Backbone-Event") } == ["report.submitted", "report.approved"])

            // removing an endpoint removes its log; another initiative's id is not found
            try await app.testing().test(.DELETE, "\(base)/\(downID)", headers: c.admin) { #expect($0.status == .noContent) }
            try await app.testing().test(.GET, "\(base)/\(downID)/deliveries", headers: c.admin) { #expect($0.status == .notFound) }
            try await app.testing().test(.DELETE, "\(base)/\(UUID())", headers: c.admin) { #expect($0.status == .notFound) }
            #expect(try await WebhookDeliveryModel.query(on: app.db).filter(\.$webhookID == downID).count() == 0)
            _ = okID
            await app.server.shutdown()
        }
    }

    @Test("at delivery the name is resolved again: one that does not resolve is refused, and every address a name leads to is judged (localhost: loopback)")
    func resolvedPrivate() async throws {
        try await withBackbone { app in
            let sender = WebhookSender(client: app.client, allowedHosts: [])
            do {
                _ = try await sender.post(url: "https://nothing-here.invalid/x", body: "{}", secret: "s", deliveryID: UUID(), event: "report.submitted", now: Date())
                Issue.record("an address that does not resolve was posted to")
            } catch let refused as WebhookSender.Refused {
                #expect(refused.description.contains("resolve"))
            }
            let addresses = try await WebhookSender.resolve("localhost")
            #expect(!addresses.isEmpty && addresses.allSatisfy { !$0.isPublic }, "localhost leads to loopback, which the sender refuses for any name")
        }
    }
}

extension WebhookTests {
    @Test("on the page: an administrator registers an endpoint and sees its secret once, bad addresses stay beside their field, others are refused")
    func page() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.get(app, "/i/river/people") { #expect($0.text.contains("/i/river/webhooks")) }
            try await s.steward.get(app, "/i/river/people") { #expect(!$0.text.contains("/i/river/webhooks")) }
            try await s.steward.get(app, "/i/river/webhooks") { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/webhooks", ["url": "http://hooks.example.org/x", "events[]": "report.submitted"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Use an https address"))
                #expect(res.text.contains("value=\"http://hooks.example.org/x\""))
            }
            try await s.admin.post(app, "/i/river/webhooks", ["url": "https://hooks.example.org/x"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose at least one event"))
            }
            try await s.admin.post(app, "/i/river/webhooks", ["url": "https://hooks.example.org/x", "events[]": "report.submitted"], csrf: "forged") {
                #expect($0.status == .forbidden)
            }
            #expect(try await WebhookModel.query(on: app.db).count() == 0)
            try await s.admin.post(app, "/i/river/webhooks", ["url": "https://hooks.example.org/x", "events[]": "meeting.scheduled"]) { res in
                #expect(res.status == .created)
                #expect(res.headers.first(name: .cacheControl) == "no-store")
                let secret = try #require(try await WebhookModel.query(on: app.db).first()).secret
                #expect(res.text.contains(secret))
            }
            let webhook = try #require(try await WebhookModel.query(on: app.db).first())
            try await s.admin.get(app, "/i/river/webhooks") { res in
                #expect(res.text.contains("https://hooks.example.org/x"))
                #expect(!res.text.contains(webhook.secret), "shown once only")
            }
            try await s.steward.post(app, "/i/river/webhooks/\(webhook.id!)/delete", [:]) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/webhooks/\(webhook.id!)/delete", [:]) { #expect($0.status == .seeOther) }
            #expect(try await WebhookModel.query(on: app.db).count() == 0)
        }
    }
}
