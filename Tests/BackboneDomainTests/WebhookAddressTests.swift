import BackboneDomain
import Testing

@Suite("Webhook addresses")
struct WebhookAddressTests {
    @Test("only https addresses on the public internet; loopback, private, link-local and local names refused, written in any form")
    func publicHTTPSOnly() {
        for good in ["https://hooks.example.org/backbone", "https://93.184.216.34/x", "https://[2606:2800:220:1:248:1893:25c8:1946]/x", "https://example.org:8443/h?x=1"] {
            #expect((try? WebhookAddress.check(good, allowedHosts: []).get()) != nil, "\(good)")
        }
        for bad in ["http://hooks.example.org/x", "ftp://example.org/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://172.20.0.1/x",
                    "https://192.168.1.10/x", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/x", "https://0.0.0.0/x",
                    "https://[::1]/x", "https://[fe80::1]/x", "https://[fd00::1]/x", "https://[::ffff:10.0.0.1]/x", "https://[::ffff:127.0.0.1]/x",
                    "https://224.0.0.1/x", "https://255.255.255.255/x", "https://localhost/x", "https://printer.local/x", "https://db.internal/x",
                    "https://intranet/x", "https://user:pass@example.org/x", "https://example.org:0/x", "example.org/x", "", "https://exa mple.org/",
                    "https://example.org/\u{0}", String(repeating: "https://example.org/a", count: 40)] {
            #expect((try? WebhookAddress.check(bad, allowedHosts: []).get()) == nil, "\(bad)")
        }
    }

    @Test("an operator's allowed hosts may use http and a loopback address; nothing else is opened by it")
    func allowList() {
        #expect((try? WebhookAddress.check("http://127.0.0.1:9000/hook", allowedHosts: ["127.0.0.1"]).get()) != nil)
        #expect((try? WebhookAddress.check("http://[::1]:9000/hook", allowedHosts: ["::1"]).get()) != nil)
        #expect((try? WebhookAddress.check("http://127.0.0.2:9000/hook", allowedHosts: ["127.0.0.1"]).get()) == nil)
        #expect((try? WebhookAddress.check("gopher://127.0.0.1/hook", allowedHosts: ["127.0.0.1"]).get()) == nil)
    }

    @Test("addresses are read in every form the resolver gives")
    func addressKinds() {
        #expect(IPAddress("8.8.8.8")?.isPublic == true)
        #expect(IPAddress("172.15.255.255")?.isPublic == true)
        #expect(IPAddress("172.16.0.0")?.isPublic == false)
        #expect(IPAddress("2001:db8::1")?.isPublic == false)
        #expect(IPAddress("64:ff9b::a00:1")?.isPublic == false, "NAT64 of 10.0.0.1")
        #expect(IPAddress("not an address") == nil)
    }
}
