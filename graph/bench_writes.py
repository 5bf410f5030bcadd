"""The benchmark's yardstick for the worker import: the same rows written as plainly as the
store allows (benchmarks only, never the API or the loaders).

``RAW_CERTIFICATES`` creates what ``graph.workers.APPLY`` creates for new certificates — the
persons (deduplicated by the caller, so ``CREATE`` rather than ``MERGE``), each certificate
with its properties, ``HOLDS`` from its holder, ``ISSUED_IN`` to its county, ``CERTIFIES`` to
its occupation or 专项 and ``AT_LEVEL`` to its level, every end matched by its indexed key,
and the employers it names — and nothing else: no state read, no version guard, no
counters, no audit entry. As there, a new person comes with its certificates, and those of
persons written by an earlier batch find their holder through its certificates' ``hk``.
``WORKER_EDGES`` counts what either left behind, to check that both wrote the same graph.

``TALENT_CELLS_STORED`` and ``RAW_TALENT_CELLS`` copy the statistics counters, zero ones
included, into another graph as they are stored, so that the bench can weigh them there
(bench/scale.py).
"""

from __future__ import annotations

from zhepai.graph.cypher import Access, statement

RAW_CERTIFICATES = statement(
    "bench_raw_certificates",
    """
    CALL {
      UNWIND $employers AS x
      MERGE (e:Employer {id: x.id})
      ON CREATE SET e.name = x.name
    }
    CALL {
      UNWIND $occupational AS c
      CALL {
        WITH c
        MATCH (:Certificate {hk: c.kh})<-[:HOLDS]-(p:Person)
        WITH p, c
        WHERE p.kl = c.kl
        RETURN p LIMIT 1
      }
      MATCH (r:Region {code: c.region})
      MATCH (o:Occupation {id: c.occupation})
      MATCH (l:SkillLevel {code: c.level})
      CREATE (p)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: c.kh,
          qualification: c.qualification, series: c.series, issuedOn: c.issuedOn,
          employer: c.employer})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(o), (k)-[:AT_LEVEL]->(l)
    }
    CALL {
      UNWIND $special AS c
      CALL {
        WITH c
        MATCH (:Certificate {hk: c.kh})<-[:HOLDS]-(p:Person)
        WITH p, c
        WHERE p.kl = c.kl
        RETURN p LIMIT 1
      }
      MATCH (r:Region {code: c.region})
      MATCH (s:Specialty {id: c.specialty})
      CREATE (p)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: c.kh, series: c.series,
          issuedOn: c.issuedOn, employer: c.employer})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(s)
    }
    CALL {
      UNWIND $persons AS p
      CREATE (x:Person {kh: p.kh, kl: p.kl, masked: p.masked, name: p.name,
                        birthYear: p.birthYear, sex: p.sex})
      RETURN collect(x) AS born
    }
    CALL {
      WITH born
      UNWIND $bornOccupational AS c
      WITH born[c.born] AS x, c
      MATCH (r:Region {code: c.region})
      MATCH (o:Occupation {id: c.occupation})
      MATCH (l:SkillLevel {code: c.level})
      CREATE (x)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: x.kh,
          qualification: c.qualification, series: c.series, issuedOn: c.issuedOn,
          employer: c.employer})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(o), (k)-[:AT_LEVEL]->(l)
    }
    CALL {
      WITH born
      UNWIND $bornSpecial AS c
      WITH born[c.born] AS x, c
      MATCH (r:Region {code: c.region})
      MATCH (s:Specialty {id: c.specialty})
      CREATE (x)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: x.kh, series: c.series,
          issuedOn: c.issuedOn, employer: c.employer})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(s)
    }
    RETURN 1 AS done
    """,
    access=Access.WRITE,
    employers=[{"id": 7, "name": "杭州某某机械有限公司"}],
    persons=[
        {"kh": 1, "kl": 11, "masked": 3639065357, "name": "张三", "birthYear": 1990, "sex": "M"}
    ],
    bornOccupational=[
        {"born": 0, "no": "C-3", "nk": 3, "level": "JUNIOR", "occupation": "OCC-0001",
         "series": "01", "region": "330824", "issuedOn": 20240101}
    ],
    bornSpecial=[],
    occupational=[
        {"no": "C-1", "nk": 1, "kh": 1, "kl": 11, "level": "JUNIOR",
         "occupation": "OCC-0001", "series": "01", "region": "330824",
         "issuedOn": 20240101, "employer": 7}
    ],
    special=[
        {"no": "C-2", "nk": 2, "kh": 1, "kl": 11,
         "specialty": "SPC-001", "series": "01", "region": "330824",
         "issuedOn": 20240101, "employer": None}
    ],
)  # fmt: skip

# Every edge at a certificate by type (HOLDS, ISSUED_IN, CERTIFIES, AT_LEVEL), plus the
# certificates and persons themselves: equal counts in two graphs mean the same shape.
WORKER_EDGES = statement(
    "bench_worker_edges",
    """
    MATCH (:Certificate)-[e]-()
    RETURN type(e) AS kind, count(e) AS n
    """,
)
COUNT_CERTIFICATES = statement(
    "bench_count_certificates", "MATCH (c:Certificate) RETURN count(c) AS n"
)

COUNT_TALENT_CELLS = statement(
    "bench_count_talent_cells", "MATCH (t:TalentCell) RETURN count(t) AS n"
)
TALENT_CELLS_STORED = statement(
    "bench_talent_cells_stored",
    """
    MATCH (t:TalentCell)
    RETURN t.key AS key, t.persons AS persons, t.certificates AS certificates,
           t.issued AS issued, t.entered AS entered, t.enteredHigh AS enteredHigh
    """,
)
RAW_TALENT_CELLS = statement(
    "bench_raw_talent_cells",
    """
    UNWIND $cells AS d
    CREATE (:TalentCell {key: d.key, persons: d.persons, certificates: d.certificates,
                         issued: d.issued, entered: d.entered, enteredHigh: d.enteredHigh})
    RETURN count(*) AS written
    """,
    access=Access.WRITE,
    cells=[{"key": "330824|01|JUNIOR|2024", "persons": 1, "certificates": 1, "issued": 1,
            "entered": 1, "enteredHigh": 0}],
)  # fmt: skip
