# A/B of the register's candidate search on one kept SQLite file (from `sorgeregister eval
# matching --use-configured-database`): the statement before the pair keys (intersection of
# family-key rows and given-key rows on all near dates) and the one after (pair keys × near
# dates), each with the same-day branch; the same queries (entries' own names and dates),
# interleaved, after a warm-up. Reads only. `A` and `B` name the two statements compared
# (default `old` and `new`); `scan` is `new` with the near dates checked on the rows of each
# pair key rather than sought one by one.
#
#   DB=path/to/file.sqlite CACHE_KIB=1048576 [A=new B=scan] python3 tools/search_ab.py [OFFICE] [QUERIES]
import sqlite3, random, time, datetime, sys, statistics, os

db = sqlite3.connect("file:" + os.environ.get("DB", "r5m.sqlite") + "?mode=ro", uri=True)
db.execute('PRAGMA cache_size = -' + os.environ.get('CACHE_KIB', '65536'))
office = sys.argv[1] if len(sys.argv) > 1 else "ja-11000"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
random.seed(7)

def near(day):
    d = list(day.replace("-", ""))
    out = set()
    def mk(v):
        s = "".join(v)
        try:
            x = datetime.date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
        except ValueError:
            return None
        return x if 1900 <= x.year <= 2200 else None
    y, m, dd = int(day[0:4]), int(day[5:7]), int(day[8:10])
    if 1 <= dd <= 12:
        try:
            s = datetime.date(y, dd, m)
            out.add(s)
        except ValueError:
            pass
    for i in range(8):
        for digit in "0123456789":
            if digit == d[i]:
                continue
            v = list(d); v[i] = digit
            x = mk(v)
            if x: out.add(x)
        if i < 7 and d[i] != d[i + 1]:
            v = list(d); v[i], v[i + 1] = v[i + 1], v[i]
            x = mk(v)
            if x: out.add(x)
    me = datetime.date(y, m, dd)
    out.discard(me)
    return [x.isoformat() for x in sorted(out)]

def pad(values, slots):
    if not values:
        return [""] * slots
    if len(values) <= slots:
        return values + [values[0]] * (slots - len(values))
    return values

def ph(k):
    return ", ".join("?" * k)

ids = [r[0] for r in db.execute(
    "SELECT id FROM register_entries WHERE register_office_id = ? ORDER BY random() LIMIT ?",
    (office, n))]
queries = []
for i in ids:
    rows = db.execute("SELECT key, birth_date FROM register_match_keys WHERE entry_id = ?", (i,)).fetchall()
    keys = sorted({k for k, _ in rows}); day = rows[0][1]
    f = [k for k in keys if k.startswith("f:")]; g = [k for k in keys if k.startswith("g:")]
    p = [k for k in keys if k.startswith("p:")]
    queries.append((f, g, p, f + g, day, [day] + near(day)))

def old(q):
    f, g, p, anyk, day, dates = q
    F, G, D, A = pad(f, 4), pad(g, 4), pad(dates, 64), pad(anyk, 8)
    sql = ("SELECT entry_id, child FROM register_match_children WHERE entry_id IN ("
           f"SELECT entry_id FROM register_match_keys WHERE register_office_id = ? AND key IN ({ph(len(F))}) AND birth_date IN ({ph(len(D))}) "
           f"INTERSECT SELECT entry_id FROM register_match_keys WHERE register_office_id = ? AND key IN ({ph(len(G))}) AND birth_date IN ({ph(len(D))}) "
           f"UNION SELECT entry_id FROM register_match_keys WHERE register_office_id = ? AND key IN ({ph(len(A))}) AND birth_date = ?)")
    return sql, [office] + F + D + [office] + G + D + [office] + A + [day]

def pairs(q, dates_column):
    f, g, p, anyk, day, dates = q
    P, D, A = pad(p, 16), pad(dates, 64), pad(anyk, 8)
    sql = ("SELECT entry_id, child FROM register_match_children WHERE entry_id IN ("
           f"SELECT entry_id FROM register_match_keys WHERE register_office_id = ? AND key IN ({ph(len(P))}) AND {dates_column} IN ({ph(len(D))}) "
           f"UNION ALL SELECT entry_id FROM register_match_keys WHERE register_office_id = ? AND key IN ({ph(len(A))}) AND birth_date = ?)")
    return sql, [office] + P + D + [office] + A + [day]

def new(q):
    return pairs(q, "birth_date")

def scan(q):
    # `+birth_date` keeps the planner from seeking each date: one seek per pair key, the
    # key's rows read in order and their dates checked.
    return pairs(q, "+birth_date")

statements = {"old": old, "new": new, "scan": scan}
first, second = statements[os.environ.get("A", "old")], statements[os.environ.get("B", "new")]

def run(make, q):
    sql, args = make(q)
    t = time.perf_counter()
    rows = db.execute(sql, args).fetchall()
    return time.perf_counter() - t, sorted(r[0] for r in rows)

for q in queries:  # warm-up
    run(first, q); run(second, q)
t_old, t_new, rows, differ = [], [], [], 0
for k, q in enumerate(queries):
    order = [(first, t_old), (second, t_new)] if k % 2 else [(second, t_new), (first, t_old)]
    res = []
    for make, acc in order:
        t, r = run(make, q); acc.append(t); res.append(r)
    differ += res[0] != res[1]
    rows.append(len(res[0]))
def pct(xs, p):
    xs = sorted(xs); return xs[max(0, int(len(xs) * p + 0.999999) - 1)] * 1000
print(f"office {office}: {len(queries)} queries (entries' own names and date), rows per query {statistics.mean(rows):.1f}, result sets differing: {differ}")
print(f"pair lengths: max {max(len(q[2]) for q in queries)}, over 16: {sum(len(q[2]) > 16 for q in queries)}")
for name, xs in [(os.environ.get("A", "old"), t_old), (os.environ.get("B", "new"), t_new)]:
    print(f"{name}: p50 {pct(xs, .5):.3f} ms, p90 {pct(xs, .9):.3f} ms, p99 {pct(xs, .99):.3f} ms, max {max(xs)*1000:.3f} ms")
