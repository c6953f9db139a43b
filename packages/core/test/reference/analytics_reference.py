#!/usr/bin/env python3
"""Independent reference for runner-dash's analytics: the definitions of
shared/docs/analytics-reference.md written once more in plain Python (the `statistics`
module, built-in `round`, `sqlite3`), so the TypeScript implementation can be checked
against the numbers a runner.py user sees.

usage: analytics_reference.py HISTORY_DB NOW_ISO   (e.g. 2026-11-28T02:00:00)
         prints JSON: {"scripts": {script: {metric: {...}}}, "all_scripts": {...}}
       analytics_reference.py --pure < SERIES_JSON   (a JSON list of lists of numbers)
         prints JSON: one object of every pure result per series
"""
import json
import sqlite3
import sys
from datetime import datetime, timedelta
from statistics import mean, median, quantiles, stdev

ANOMALY_CONFIGS = [("iqr", 1.5), ("iqr", 3.0), ("zscore", 1.5), ("zscore", 2.0), ("mad", 1.5), ("mad", 3.5)]
PERCENTILE_BASELINES = [50, 75, 90, 100]


# --- the pure definitions -------------------------------------------------------------

def aggregated(values):
    count = len(values)
    return {
        "count": count,
        "min": min(values),
        "max": max(values),
        "avg": mean(values),
        "median": median(values),
        "p95": quantiles(values, n=20, method="exclusive")[18] if count >= 20 else max(values),
        "p99": quantiles(values, n=100, method="exclusive")[98] if count >= 100 else max(values),
        "stddev": stdev(values) if count > 1 else 0,
    }


def linear_regression(values):
    n = len(values)
    if n < 2:
        return {"slope": 0, "intercept": values[0] if values else 0, "r_squared": 0,
                "trend": "insufficient_data", "slope_pct_per_run": 0}
    x_bar = sum(range(n)) / n
    y_bar = sum(values) / n
    sxy = sum((i - x_bar) * (v - y_bar) for i, v in enumerate(values))
    sxx = sum((i - x_bar) ** 2 for i in range(n))
    if sxx == 0:
        return {"slope": 0, "intercept": y_bar, "r_squared": 0, "trend": "flat", "slope_pct_per_run": 0}
    slope = sxy / sxx
    intercept = y_bar - slope * x_bar
    ss_res = sum((v - (intercept + slope * i)) ** 2 for i, v in enumerate(values))
    ss_tot = sum((v - y_bar) ** 2 for v in values)
    r2 = 1 - ss_res / ss_tot if ss_tot != 0 else 0
    if abs(slope) < 0.01:
        trend = "stable"
    else:
        trend = "increasing" if slope > 0 else "decreasing"
    return {"slope": round(slope, 6), "intercept": round(intercept, 2), "r_squared": round(r2, 4),
            "trend": trend, "slope_pct_per_run": round(slope / y_bar * 100 if y_bar != 0 else 0, 2)}


def quartile_fences(values, k):
    s = sorted(values)
    q1, q3 = s[len(s) // 4], s[3 * len(s) // 4]
    return q1 - k * (q3 - q1), q3 + k * (q3 - q1)


def detect_anomalies(values, method="iqr", threshold=1.5):
    if len(values) < 3:
        return {"anomalies": [], "method": method, "count": 0}
    found = []
    if method == "iqr":
        lo, hi = quartile_fences(values, threshold)
        for i, v in enumerate(values):
            if v > hi:
                found.append({"index": i, "value": v, "type": "outlier", "deviation": v - hi})
            elif v < lo:
                found.append({"index": i, "value": v, "type": "outlier", "deviation": v - lo})
    elif method == "zscore":
        m, sd = mean(values), stdev(values)
        for i, v in enumerate(values):
            z = (v - m) / sd if sd > 0 else 0
            if abs(z) > threshold:
                found.append({"index": i, "value": v, "type": "outlier", "z_score": round(z, 2)})
    elif method == "mad":
        med = median(values)
        mad = median([abs(v - med) for v in values])
        if mad > 0:
            for i, v in enumerate(values):
                mz = 0.6745 * (v - med) / mad
                if abs(mz) > threshold:
                    found.append({"index": i, "value": v, "type": "outlier", "modified_z": round(mz, 2)})
    return {"anomalies": found, "method": method, "count": len(found),
            "percentage": round(len(found) / len(values) * 100, 2)}


def detect_regression(values, window_size=5, threshold_pct=10):
    if len(values) < 2 * window_size:
        return {"regression_detected": False, "reason": "insufficient_data", "data_points": len(values)}
    older, recent = values[:-window_size], values[-window_size:]
    b, r = mean(older), mean(recent)
    change = 0 if b == 0 else (r - b) / b * 100
    detected = change > threshold_pct
    if change > threshold_pct * 1.5:
        severity = "high"
    else:
        severity = "medium" if detected else "none"
    return {"regression_detected": detected, "baseline_mean": round(b, 2), "recent_mean": round(r, 2),
            "percent_change": round(change, 2), "threshold_pct": threshold_pct,
            "baseline_size": len(older), "recent_size": window_size, "severity": severity}


def percentile_table(values):
    if not values:
        return {}
    s = sorted(values)

    def at(p):
        pos = (len(s) - 1) * p / 100
        i = int(pos)
        w = pos % 1
        return s[i] if i + 1 >= len(s) else s[i] * (1 - w) + s[i + 1] * w

    return {"min": round(min(values), 2), "max": round(max(values), 2), "mean": round(mean(values), 2),
            "median": round(median(values), 2), "p75": round(at(75), 2), "p90": round(at(90), 2),
            "p95": round(at(95), 2), "p99": round(at(99), 2),
            "stddev": round(stdev(values) if len(values) > 1 else 0, 2)}


def baseline_percentile(values, p=50):
    if not values:
        return {"error": "No data available"}
    s = sorted(values)
    return {"baseline": round(s[min(int(len(s) * p / 100), len(s) - 1)], 4), "percentile": p,
            "data_points": len(values), "min": round(min(values), 4), "max": round(max(values), 4),
            "method": "percentile"}


def baseline_iqr(values, k=1.5):
    if len(values) < 4:
        return {"error": "Insufficient data for IQR filtering", "data_points": len(values)}
    lo, hi = quartile_fences(values, k)
    inside = [v for v in values if lo <= v <= hi]
    removed = len(values) - len(inside)
    return {"baseline": round(median(inside or values), 4), "method": "iqr_filtered", "iqr_k": k,
            "outliers_removed": removed, "outlier_percentage": round(removed / len(values) * 100, 2),
            "filtered_data_points": len(inside), "original_data_points": len(values)}


def baseline_intelligent(values):
    if not values:
        return {"error": "No data available"}
    if len(values) < 3:
        return {"baseline": round(mean(values), 4), "method": "mean_fallback", "reason": "insufficient_data",
                "data_points": len(values)}
    m, sd = mean(values), stdev(values)
    lo, hi = min(values), max(values)
    cv = sd / m * 100 if m != 0 else 0
    if cv > 30:
        out = baseline_iqr(values, 1.5)
        out["reasoning"] = f"High variability (CV={cv:.1f}%), using IQR filtering"
    # runner.py divides by a zero mean here and raises (metrics such as `timed_out` are all 0);
    # runner-dash answers with the median instead, as the next branch does.
    elif len(values) >= 10 and m != 0 and (hi - lo) / m > 0.5:
        out = baseline_percentile(values, 75)
        out["reasoning"] = "Significant value range, using 75th percentile"
    else:
        out = baseline_percentile(values, 50)
        out["reasoning"] = "Low variability, using median (50th percentile)"
    out["data_characteristics"] = {"mean": round(m, 4), "median": round(median(values), 4),
                                   "stddev": round(sd, 4), "coefficient_of_variation": round(cv, 2),
                                   "range": round(hi - lo, 4), "data_points": len(values)}
    return out


def time_based(recent, historical, recent_days=7, historical_days=30):
    if not recent or not historical:
        return {"error": "Insufficient data for time-based analysis"}
    r, h = median(recent), median(historical)
    change = 0 if h == 0 else (r - h) / h * 100
    status = "improved" if change < -5 else ("degraded" if change > 5 else "stable")
    return {"recent_baseline": round(r, 4), "historical_baseline": round(h, 4), "percent_change": round(change, 2),
            "recent_period_days": recent_days, "historical_period_days": historical_days,
            "recent_samples": len(recent), "historical_samples": len(historical), "status": status}


# --- reading the history --------------------------------------------------------------

class History:
    def __init__(self, path, now):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.now = now

    def cutoff(self, days):
        return (self.now - timedelta(days=days)).isoformat()

    def series(self, script, metric, days):
        rows = self.db.execute(
            "SELECT m.metric_value FROM executions e JOIN metrics m ON m.execution_id = e.id "
            "WHERE e.script_path = ? AND m.metric_name = ? AND e.start_time >= ? ORDER BY e.start_time, e.id",
            (script, metric, self.cutoff(days))).fetchall()
        return [r[0] for r in rows]

    def values_by_metric(self, script, days=None, latest=None):
        where, params = [], []
        if script is not None:
            where.append("e.script_path = ?")
            params.append(script)
        if days is not None:
            where.append("e.start_time >= ?")
            params.append(self.cutoff(days))
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        runs = self.db.execute(f"SELECT e.id FROM executions e {clause} ORDER BY e.start_time DESC, e.id DESC",
                               params).fetchall()
        ids = [r[0] for r in (runs[:latest] if latest is not None else runs)]
        order = {run_id: pos for pos, run_id in enumerate(reversed(ids))}
        by_name = {}
        if not ids:
            return by_name
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT execution_id, metric_name, metric_value FROM metrics "
                               f"WHERE execution_id IN ({marks})", ids).fetchall()
        for run_id, name, value in sorted(rows, key=lambda r: order[r[0]]):
            by_name.setdefault(name, []).append(value)
        return by_name

    def scripts(self):
        return [r[0] for r in self.db.execute("SELECT DISTINCT script_path FROM executions ORDER BY 1")]


def analyse(history, script, metric, days=30):
    values = history.series(script, metric, days)
    if not values:
        trend = {"error": "No data available", "script_path": script, "metric_name": metric}
    else:
        trend = {"script_path": script, "metric_name": metric, "data_points": len(values), "period_days": days,
                 "trend": linear_regression(values), "anomalies": detect_anomalies(values),
                 "regression": detect_regression(values), "percentiles": percentile_table(values),
                 "latest_value": round(values[-1], 2), "first_value": round(values[0], 2)}
    return {
        "values": values,
        "trend_analysis": trend,
        "anomalies": [{"method": m, "threshold": t, "result": detect_anomalies(values, m, t)}
                      for m, t in ANOMALY_CONFIGS],
        "baselines": {
            "intelligent": baseline_intelligent(values),
            "iqr": baseline_iqr(values),
            "percentile": [baseline_percentile(values, p) for p in PERCENTILE_BASELINES],
            "time-based": time_based(history.series(script, metric, 7), history.series(script, metric, 30)),
        },
    }


def pure(values):
    """Every pure definition over one series (finite values, in run order)."""
    values = [float(v) for v in values]  # as SQLite REAL columns arrive; JSON may say 3 for 3.0
    return {
        "aggregated": aggregated(values) if values else None,
        "linear_regression": linear_regression(values),
        "anomalies": [{"method": m, "threshold": t, "result": detect_anomalies(values, m, t)}
                      for m, t in ANOMALY_CONFIGS],
        "regression": detect_regression(values),
        "regression_3_20": detect_regression(values, 3, 20),
        "percentiles": percentile_table(values),
        "baselines": {
            "intelligent": baseline_intelligent(values),
            "iqr": baseline_iqr(values),
            "iqr_3": baseline_iqr(values, 3.0),
            "percentile": [baseline_percentile(values, p) for p in PERCENTILE_BASELINES],
        },
    }


def main():
    if sys.argv[1:] == ["--pure"]:
        json.dump([pure(series) for series in json.load(sys.stdin)], sys.stdout, sort_keys=True)
        return
    path, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    history = History(path, now)
    out = {"now": sys.argv[2], "scripts": {}, "all_scripts": {}}
    for script in history.scripts():
        latest = history.values_by_metric(script, latest=100)
        window = history.values_by_metric(script, days=30)
        out["scripts"][script] = {
            metric: {
                "aggregated_30d": aggregated(window[metric]) if metric in window else None,
                "aggregated_latest_100": aggregated(latest[metric]),
                **analyse(history, script, metric),
            }
            for metric in sorted(latest)
        }
    out["all_scripts"] = {
        "aggregated_30d": {k: aggregated(v) for k, v in history.values_by_metric(None, days=30).items()},
        "aggregated_latest_100": {k: aggregated(v) for k, v in history.values_by_metric(None, latest=100).items()},
    }
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
