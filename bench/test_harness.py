#!/usr/bin/env python3
"""Tests of the benchmark harness's own logic (no servers, no wrk): python3 -m unittest bench/test_harness.py"""
import argparse
import os
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

SHARED = Path(os.environ.get("PLINTH_SHARED", harness.ROOT.parent / "shared")).resolve()


def side(rps, p50=1.0, p99=2.0, non2xx=0):
    return {"requests": int(rps * 10), "seconds": 10.0, "rps": rps, "p50_ms": p50, "p99_ms": p99,
            "non2xx": non2xx, "socket_errors": 0}


class MeasureTest(unittest.TestCase):
    def test_rounds_add_up_requests_and_time_and_keep_each_rounds_percentiles(self):
        m = harness.Measure()
        m.add({"requests": 1000, "duration_us": 5_000_000, "p50_us": 2000, "p99_us": 9000,
               "errors": {"connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2}})
        m.add({"requests": 500, "duration_us": 5_000_000, "p50_us": 4000, "p99_us": 11000,
               "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}})
        d = m.as_dict()
        self.assertEqual(d["rps"], 150.0)
        self.assertEqual(d["p50_ms"], 3.0)
        self.assertEqual(d["p99_ms"], 10.0)
        self.assertEqual(d["non2xx"], 3)
        self.assertEqual(d["socket_errors"], 3)


class RoutesTest(unittest.TestCase):
    def write_schema(self, model):
        f = tempfile.NamedTemporaryFile("w", suffix=".prisma", delete=False)
        f.write(f"datasource db {{\n  provider = \"sqlite\"\n}}\n\nmodel {model} {{\n  id Int @id\n}}\n")
        f.close()
        self.addCleanup(os.unlink, f.name)
        return Path(f.name)

    def test_the_first_models_route_is_its_plural_in_lower_snake_case(self):
        for model, route in (("Contact", "contacts"), ("Company", "companies"), ("RoomBooking", "room_bookings"),
                             ("Address", "addresses"), ("Day", "days")):
            self.assertEqual(harness.first_model_path(self.write_schema(model)), f"/api/{route}?per_page=1")

    def test_the_provider_and_model_count_come_from_the_schema_text(self):
        path = self.write_schema("Contact")
        self.assertEqual(harness.provider(path), "sqlite")
        self.assertEqual(harness.model_count(path), 1)

    @unittest.skipUnless((SHARED / "schemas" / "real").is_dir(), "needs ../shared")
    def test_the_largest_real_schema_is_chosen_per_database_by_model_count(self):
        sqlite = harness.largest_real_schema(SHARED, "sqlite")
        postgres = harness.largest_real_schema(SHARED, "postgres")
        self.assertEqual(harness.provider(sqlite), "sqlite")
        self.assertEqual(harness.provider(postgres), "postgresql")
        for path in (SHARED / "schemas" / "real").glob("*.prisma"):
            if harness.provider(path) == "sqlite":
                self.assertLessEqual(harness.model_count(path), harness.model_count(sqlite))


class TargetsTest(unittest.TestCase):
    def test_bulk_create_is_judged_by_rows_per_second_against_twenty_single_creates(self):
        ops = {"create": {"plinth": side(1000), "reference": side(1000)},
               "bulk-create": {"plinth": side(150), "reference": side(250)}}
        text = " ".join(harness.derived(ops))
        self.assertIn("15.0× its single-create rows/s", text)
        self.assertIn("target ≥ 20×: MISS", text)
        ops["bulk-create"]["plinth"] = side(250)
        self.assertIn("target ≥ 20×: PASS", " ".join(harness.derived(ops)))

    def test_bulk_update_is_judged_by_rows_per_second_against_five_single_patches(self):
        ops = {"update": {"plinth": side(1000), "reference": side(2000)},
               "bulk-update": {"plinth": side(40), "reference": side(100)}}
        text = " ".join(harness.derived(ops))
        self.assertIn("4,000 rows/s in arrays of 100 (a value per row) = 4.0× its single-PATCH rows/s", text)
        self.assertIn("target ≥ 5×: MISS", text)
        self.assertIn("Reference: 10,000 rows/s = 5.0× its single PATCHes", text)
        ops["bulk-update"]["plinth"] = side(60)
        self.assertIn("target ≥ 5×: PASS", " ".join(harness.derived(ops)))

    def test_the_database_alone_tells_whether_twenty_times_is_reachable(self):
        ops = {"create": {"plinth": side(1000), "reference": side(1000)},
               "bulk-create": {"plinth": side(150), "reference": side(250)}}
        text = " ".join(harness.derived(ops, {"rows_per_s": 30_000}))
        self.assertIn("30,000 rows/s = 30.0× Plinth's single-create rows/s, so 20× is within", text)
        self.assertIn("reaches 50 % of it", text)
        text = " ".join(harness.derived(ops, {"rows_per_s": 15_000}))
        self.assertIn("so 20× is beyond what the database itself can insert here", text)
        self.assertIn("reaches 100 % of it", text)

    def test_the_database_alone_tells_whether_five_times_single_patches_is_reachable(self):
        ops = {"update": {"plinth": side(1000), "reference": side(2000)},
               "bulk-update": {"plinth": side(40), "reference": side(100)}}
        text = " ".join(harness.derived(ops, None, {"rows_per_s": 8_000}))
        self.assertIn("8,000 rows/s = 8.0× Plinth's single-PATCH rows/s, so 5× is within", text)
        self.assertIn("bulk update reaches 50 % of it", text)
        text = " ".join(harness.derived(ops, None, {"rows_per_s": 4_000}))
        self.assertIn("so 5× is beyond what the database itself can update here", text)

    def test_keyset_flatness_compares_the_deep_page_with_the_first(self):
        ops = {"keyset-first": {"plinth": side(1000)}, "keyset-flat-deep": {"plinth": side(800)},
               "offset-flat-deep": {"plinth": side(100)}}
        text = harness.derived(ops)[0]
        self.assertIn("costs 1.25× the first page", text)
        self.assertIn("offset page at that depth costs 10.00×", text)
        self.assertIn("PASS", text)
        ops["keyset-flat-deep"]["plinth"] = side(700)
        self.assertIn("MISS", harness.derived(ops)[0])

    def test_the_low_selectivity_filter_is_judged_against_the_selective_one_in_the_same_run(self):
        ops = {"list-lowsel": {"plinth": side(10_000), "reference": side(1_000)},
               "list-company1": {"plinth": side(30_000), "reference": side(30_000)}}
        text = " ".join(harness.derived(ops))
        self.assertIn("Low-selectivity filter (plinth): list-lowsel runs at 0.33× list-company1", text)
        self.assertIn("target ≥ 0.5×: MISS", text)
        self.assertIn("Low-selectivity filter (reference): list-lowsel runs at 0.03× list-company1", text)
        ops["list-lowsel"]["plinth"] = side(20_000)
        self.assertIn("target ≥ 0.5×: PASS", " ".join(harness.derived(ops)))

    def test_export_is_reported_in_megabytes_a_second_for_every_server_with_plinths_ratio(self):
        ops = {"export": {"plinth": dict(side(2.0, p50=400.0), answer_bytes=20_000_000),
                          "reference": dict(side(4.0), answer_bytes=20_000_000),
                          "prisma": dict(side(1.0), answer_bytes=25_000_000), "target": 0.8}}
        text = " ".join(harness.derived(ops))
        self.assertIn("plinth 40.0 MB/s (20.0 MB × 2.00 req/s; 50.0 MB/s over the p50 of 400 ms)", text)
        self.assertIn("reference 80.0 MB/s", text)
        self.assertIn("prisma 25.0 MB/s", text)
        self.assertIn("Plinth ÷ reference 0.50, Plinth ÷ prisma 1.60", text)

    def test_export_without_a_measured_size_adds_no_line(self):
        self.assertEqual(harness.derived({"export": {"plinth": side(2.0), "reference": side(4.0)}}), [])


class MatrixTest(unittest.TestCase):
    def test_every_operation_of_the_matrix_has_the_issues_target_but_the_two_left_reported(self):
        ops = {op.name: op for op in harness.operations(harness.FULL)}
        for name in ("nested-route", "relation-filter", "search-ordered", "batch-10", "include-company", "search",
                     "keyset-first", "list-deep-offset", "offset-flat-deep", "export"):
            self.assertEqual(ops[name].target, 0.80, name)
        self.assertIsNone(ops["keyset-flat-deep"].target)
        self.assertIsNone(ops["get-slow-exports"].target)
        self.assertEqual(ops["search-ordered"].phase, "search")
        self.assertEqual(ops["batch-10"].rows_per_request, 10)

    def test_the_batch_check_interleaves_patches_and_creates_and_expects_their_statuses(self):
        ops = harness.batch_operations(10)
        self.assertEqual([o["method"] for o in ops], ["PATCH", "POST"] * 5)
        self.assertEqual(len({o["path"] for o in ops if o["method"] == "PATCH"}), 5)
        row = {"id": 1, "name": "", "email": "", "status": "won", "company_id": 1, "owner_id": 1, "created_at": "",
               "updated_at": ""}
        answer = [{"status": 200 if i % 2 == 0 else 201, "body": row} for i in range(10)]
        self.assertEqual(harness.batch_shape(answer), harness.batch_shape_expected(10))
        answer[1] = {"status": 200, "body": row}
        self.assertNotEqual(harness.batch_shape(answer), harness.batch_shape_expected(10))
        self.assertIsNone(harness.batch_shape([{"status": 200}]))


class ReportTest(unittest.TestCase):
    def report(self):
        return {"date": "2026-01-01 00:00 UTC", "profile": "full", "contacts": 100_000, "companies": 1000,
                "machine": {"nproc": 2, "cpu": "test CPU", "memory_gib": 4, "kernel": "6"},
                "versions": {"jdk": "openjdk 25"}, "jvm_flags": ["-Xmx1g"], "warmup_s": 5, "round_s": 5,
                "rounds": 2,
                "databases": {"sqlite": {
                    "contacts": 100_000, "memory_target_rows": 10_000,
                    "operations": {"get-by-id": {"plinth": side(900), "reference": side(1000), "target": 0.8},
                                   "create": {"plinth": side(600), "reference": side(1000), "target": 0.7}},
                    "derived": [], "differences": []}}}

    def test_each_target_gets_a_ratio_and_a_verdict(self):
        text = harness.render(self.report())
        self.assertIn("| get-by-id | 900.0 |", text)
        self.assertIn("| 0.90 | ≥ 0.80 | PASS |", text)
        self.assertIn("| 0.60 | ≥ 0.70 | MISS |", text)
        self.assertIn("2 CPUs (test CPU)", text)

    def test_the_results_of_a_database_replace_only_its_own_block(self):
        with tempfile.TemporaryDirectory() as d:
            doc = Path(d) / "benchmarks.md"
            doc.write_text("# Benchmarks\n\nintro\n\n<!-- results:sqlite:start -->\nold sqlite\n"
                           "<!-- results:sqlite:end -->\n\n<!-- results:postgres:start -->\nold postgres\n"
                           "<!-- results:postgres:end -->\n")
            harness.write_doc(doc, self.report(), ["sqlite"])
            text = doc.read_text()
            self.assertNotIn("old sqlite", text)
            self.assertIn("old postgres", text)
            self.assertIn("intro", text)
            self.assertIn("| get-by-id |", text)
            self.assertEqual(text.count("<!-- results:sqlite:start -->"), 1)

    def test_the_prisma_server_gets_its_columns_a_plinth_over_prisma_ratio_and_a_verdict(self):
        report = self.report()
        ops = report["databases"]["sqlite"]["operations"]
        ops["get-by-id"]["prisma"] = side(300, p50=4.5)
        ops["create"]["prisma"] = side(250, non2xx=2)
        report["databases"]["sqlite"]["prisma_target"] = 3.0
        text = harness.render(report)
        self.assertIn("| Prisma req/s | p50 ms | non-2xx | Plinth ÷ Prisma | target | |", text)
        self.assertIn("| 0.90 | ≥ 0.80 | PASS | 300.0 | 4.50 | 0 | 3.00 | ≥ 3.00 | PASS |", text)
        self.assertIn("| 0.60 | ≥ 0.70 | MISS | 250.0 | 1.00 | 2 | 2.40 | ≥ 3.00 | MISS |", text)

    def test_without_the_prisma_server_the_table_keeps_its_columns(self):
        self.assertNotIn("Prisma", harness.render(self.report()))

    def test_an_operation_the_prisma_server_did_not_run_gets_dashes_and_no_verdict(self):
        self.assertEqual(harness.prisma_cells({"plinth": side(100)}, 3.0), ["–", "–", "–", "–", "", ""])
        self.assertIsNone(harness.prisma_ratio({"prisma": side(100)}))


class PrismaServerTest(unittest.TestCase):
    def test_its_schema_is_the_crm_with_the_databases_provider_and_owner_id_as_the_field(self):
        text = harness.prisma_schema(harness.SCHEMA.read_text(), "postgres")
        self.assertIn('provider = "postgresql"', text)
        self.assertRegex(text, r"\n\s*owner_id\s+Int\s*\n")
        self.assertNotIn("user_id", text)
        self.assertIn('provider = "prisma-client"', text)  # the generator keeps its own provider
        self.assertIn('provider = "sqlite"', harness.prisma_schema(harness.SCHEMA.read_text(), "sqlite"))

    def test_a_schema_without_the_expected_field_is_refused(self):
        with self.assertRaises(harness.BenchError):
            harness.prisma_schema('datasource db {\n  provider = "sqlite"\n}\n', "sqlite")

    def args(self, **kw):
        return argparse.Namespace(**dict(dict(no_prisma=False, profile=None, telemetry_cost=False, studio_cost=False,
                                              smoke=False), **kw))

    def test_it_is_left_out_with_no_prisma_and_in_the_runs_of_plinth_alone(self):
        for kw in ({"no_prisma": True}, {"profile": "get-by-id"}, {"telemetry_cost": True}, {"studio_cost": True}):
            self.assertIsNone(harness.prisma_servers(self.args(**kw), ["sqlite"]), kw)

    def test_without_node_a_full_run_goes_on_without_it_but_a_smoke_run_fails(self):
        with mock.patch.object(harness.shutil, "which", return_value=None), mock.patch.object(harness, "log"):
            self.assertEqual(harness.prisma_tools_missing(), "node and npm not installed")
            self.assertIsNone(harness.prisma_servers(self.args(), ["sqlite"]))
            with self.assertRaises(harness.BenchError):
                harness.prisma_servers(self.args(smoke=True), ["sqlite"])

    def test_a_failed_build_leaves_it_out_of_a_full_run_but_fails_a_smoke_run(self):
        failing = mock.Mock(side_effect=harness.BenchError("npm ci failed"))
        with mock.patch.object(harness, "prisma_tools_missing", return_value=None), \
                mock.patch.object(harness, "prisma_build", failing), mock.patch.object(harness, "log"):
            self.assertIsNone(harness.prisma_servers(self.args(), ["sqlite"]))
            with self.assertRaises(harness.BenchError):
                harness.prisma_servers(self.args(smoke=True), ["sqlite"])

    def test_rounds_are_mirrored_and_the_first_server_rotates_per_operation(self):
        order, schedule = harness.round_schedule(["plinth", "reference", "prisma"], 1, 2)
        self.assertEqual(order, ["reference", "prisma", "plinth"])
        self.assertEqual(schedule, ["reference", "prisma", "plinth", "plinth", "prisma", "reference"])
        positions = {name: [i for i, n in enumerate(schedule) if n == name] for name in order}
        self.assertEqual({sum(p) for p in positions.values()}, {5})  # the same mean position for each

    def test_two_servers_keep_the_abba_order(self):
        self.assertEqual(harness.round_schedule(["plinth", "reference"], 0, 2)[1],
                         ["plinth", "reference", "reference", "plinth"])
        self.assertEqual(harness.round_schedule(["plinth", "reference"], 1, 2)[1],
                         ["reference", "plinth", "plinth", "reference"])

    def test_its_reads_are_compared_with_plinths(self):
        reads = {"plinth": {"get-by-id": {"id": 42}, "count": {"total": 3}},
                 "prisma": {"get-by-id": {"id": 42}, "count": {"total": 4}}}
        differences = harness.read_differences(reads, "prisma")
        self.assertEqual(len(differences), 1)
        self.assertIn("count: Plinth and the Node + Prisma server answer differently", differences[0])
        self.assertEqual(harness.read_differences(reads, "reference"), [])


if __name__ == "__main__":
    unittest.main()
