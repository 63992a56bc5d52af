import BackboneApp

await Entrypoint.run()
