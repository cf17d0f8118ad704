from teamtask.cli.main import run

run()
