import PunctualCLI

PunctualCommand.main()
