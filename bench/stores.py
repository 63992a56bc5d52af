"""Where the benchmark's data lives, and how its references reach that data directly:

  * SQLite: one file, read with Python's sqlite3 module; the bulk-load reference is the sqlite3
    command-line tool inserting the rows in one transaction of multi-row INSERTs;
  * PostgreSQL: a throwaway cluster in the work folder, started like .ci/run starts one (so it
    needs root, as in CI), read with psycopg; the bulk-load reference is COPY.

SQL is written once with `?` placeholders; the PostgreSQL store turns them into `%s`.
"""
import os, socket, sqlite3, subprocess, time

try:
    import psycopg   # only the PostgreSQL store needs it (e2e/requirements.txt installs it)
except ImportError:
    psycopg = None


class SQLiteStore:
    name = "SQLite"
    bulk_name = "sqlite3 bulk insert"

    def __init__(self, work, root):
        self.path = os.path.join(work, "bench.sqlite")

    def exists(self):
        return os.path.exists(self.path)

    def start(self, fresh):
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)

    def stop(self):
        pass

    def arguments(self):
        """How the backbone-bench commands are told where the database is."""
        return ["--database", self.path], {}

    def describe(self):
        return self.path

    def rows(self, sql, params=()):
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as db:
            return db.execute(sql, params).fetchall()

    def size_mb(self):
        return round(os.path.getsize(self.path) / 2**20)

    def columns(self, table):
        return [row[1] for row in self.rows(f"PRAGMA table_info({table})")]

    def writer(self):
        """A connection in autocommit mode whose `begin()` takes the write lock at once."""
        return _Connection(sqlite3.connect(self.path, timeout=60, isolation_level=None), "?", "BEGIN IMMEDIATE")

    def bulk_insert(self, table, columns, rows, work):
        """The rows inserted by the sqlite3 command-line tool in one transaction of 500-row
        INSERT statements (its foreign keys off, as that tool's default); returns the seconds."""
        literal = lambda v: "NULL" if v is None else (repr(v) if isinstance(v, (int, float)) else "'" + str(v).replace("'", "''") + "'")
        sql_path = os.path.join(work, "reference.sql")
        with open(sql_path, "w") as out:
            out.write("BEGIN;\n")
            for start in range(0, len(rows), 500):
                out.write(f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n")
                out.write(",\n".join("(" + ",".join(map(literal, row)) + ")" for row in rows[start:start + 500]) + ";\n")
            out.write("COMMIT;\n")
        started = time.perf_counter()
        subprocess.run(["sqlite3", self.path], stdin=open(sql_path), check=True)
        return time.perf_counter() - started

    def remove(self, table, column, value):
        subprocess.run(["sqlite3", self.path, f"DELETE FROM {table} WHERE {column} = '{value}'"], check=True)


class PostgresStore:
    name = "PostgreSQL"
    bulk_name = "COPY"
    database = "backbone_bench"

    def __init__(self, work, root):
        if psycopg is None:
            raise SystemExit("--database postgres needs psycopg: pip install -r e2e/requirements.txt")
        self.cluster = os.path.join(work, "postgres")
        self.script = os.path.join(root, ".ci", "postgres.sh")
        self.url = None

    def exists(self):
        return os.path.exists(os.path.join(self.cluster, "data", "PG_VERSION"))

    def start(self, fresh):
        if fresh and os.path.exists(self.cluster):
            subprocess.run(["bash", self.script, "stop", self.cluster], check=False)
            subprocess.run(["rm", "-rf", self.cluster], check=True)
        port = free_port()
        server = subprocess.run(["bash", self.script, "start", self.cluster, str(port)], capture_output=True, text=True)
        if server.returncode != 0:
            raise SystemExit(f"PostgreSQL did not start (it needs root, as in CI):\n{server.stdout}{server.stderr}")
        admin = server.stdout.strip().splitlines()[-1]
        with psycopg.connect(admin, autocommit=True) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)).fetchone():
                db.execute(f"CREATE DATABASE {self.database}")
        self.url = admin.replace("/postgres?", f"/{self.database}?")

    def stop(self):
        subprocess.run(["bash", self.script, "stop", self.cluster], check=False)

    def arguments(self):
        return [], {"DATABASE_URL": self.url}

    def describe(self):
        return f"{self.url} (cluster in {self.cluster})"

    def rows(self, sql, params=()):
        with psycopg.connect(self.url) as db:
            return db.execute(sql.replace("?", "%s"), params).fetchall()

    def size_mb(self):
        return round(self.rows("SELECT pg_database_size(current_database())")[0][0] / 2**20)

    def columns(self, table):
        return [row[0] for row in self.rows("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                            "ORDER BY ordinal_position", (table,))]

    def writer(self):
        return _Connection(psycopg.connect(self.url, autocommit=True), "%s", "BEGIN")

    def bulk_insert(self, table, columns, rows, work):
        """The rows loaded by COPY in one transaction, committed; returns the seconds. Foreign keys
        are checked, as they are for the import: the caller makes the rows' parents first."""
        text = "".join("\t".join(r"\N" if v is None else str(v) for v in row) + "\n" for row in rows)
        with psycopg.connect(self.url) as db:
            started = time.perf_counter()
            with db.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(text)
            db.commit()
            return time.perf_counter() - started

    def remove(self, table, column, value):
        with psycopg.connect(self.url) as db:
            db.execute(f"DELETE FROM {table} WHERE {column} = %s", (value,))


class _Connection:
    def __init__(self, db, mark, begin):
        self.db, self.mark, self.begin_sql = db, mark, begin

    def execute(self, sql, params=()):
        cursor = self.db.execute(sql.replace("?", self.mark), params)
        return cursor.fetchall() if cursor.description else []

    def begin(self):
        self.db.execute(self.begin_sql)

    def rollback(self):
        self.db.execute("ROLLBACK")

    def close(self):
        self.db.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STORES = {"sqlite": SQLiteStore, "postgres": PostgresStore}
