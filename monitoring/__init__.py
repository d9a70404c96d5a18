"""Monitoring: drift, data quality and live performance of the champion, with a verdict (ok, warn, retrain).

- `monitoring.run.monitor(dataset, champion, cfg)`: one pass over in-memory data, returning a MonitorResult;
- `monitoring.reference.load_champion(model_name)`: the champion, its reference sample and test metrics (MLflow);
- `monitoring.reports.write_report` / `log_report`: HTML reports into a new timestamped folder, logged to MLflow;
- `monitoring.latest.latest_report(reports_dir)`: the newest report's summary and HTML, for the API.

Evidently is imported only where reports are built, so importing this package stays cheap.
"""
