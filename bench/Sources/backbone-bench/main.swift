import BackboneApp
import Vapor

// The backbone server as `backbone` runs it, plus what the benchmark needs beside it: the
// `generate`, `forget`, `publish` and `adversarial` commands, a hello-world route to measure the framework's own cost against,
// and the indicator page without forecasts and scenarios to measure them against.
await Entrypoint.run(commands: ["generate", "forget", "adversarial", "publish", "govern"]) { app in
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(AdversarialCommand(), as: "adversarial")
    app.asyncCommands.use(PublishCommand(), as: "publish")
    app.asyncCommands.use(GovernCommand(), as: "govern")
    app.asyncCommands.use(ForgetCommand(), as: "forget")
    app.get("hello") { _ in "Hello, world!" }
    BenchRoutes.register(app)
}
