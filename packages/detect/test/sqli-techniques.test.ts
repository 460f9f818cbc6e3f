// SQL injection technique classes the tokenizer and its grammar judge, each with look-alike
// input that must stay silent. The strings are written for these tests in the shape of each class.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createDetector } from '@secotel/detect';
import type { Finding } from '@secotel/detect';

const detector = createDetector({ categories: ['sqli'] });

function sqliIn(value: string): Finding[] {
  return detector.detect({ method: 'GET', path: '/search', query: { q: value }, headers: {}, cookies: {} });
}

function assertFound(values: readonly string[]): void {
  for (const value of values) {
    assert.ok(sqliIn(value).length > 0, `expected sqli in ${JSON.stringify(value)}`);
  }
}

function assertClean(values: readonly string[]): void {
  for (const value of values) {
    assert.deepEqual(sqliIn(value).map((f) => `${f.rule.id} ${f.fragment}`), [], `unexpected finding in ${JSON.stringify(value)}`);
  }
}

describe('sqli techniques', () => {
  it('finds conditions with any operator after a quote or a number', () => {
    assertFound([
      '7 AND 4=4', "x' XOR 5=5 #", '5 || 6=6', "z' RLIKE '1", "k' IS NOT NULL --", "q'!=~'3", "w' / 2 / 2 ='",
      '8 AND 2 NOT LIKE 0', '4 and 4 not between 1 and 2', "m' = !!'1", "abc' REGEXP- md5(2) or '1", '3 || name is not null',
    ]);
  });

  it('finds conditions that do not start with a quote', () => {
    assertFound(['9) OR (7=7', '-5 OR 8>3', 'WORD AND 2=3', 'ITEM AND (4)=(5)', 'NAME AND SIN(1)=COS(2)']);
  });

  it('finds parenthesised expressions cut off by a comment', () => {
    assertFound([' ( 5 OR @x )  --', " ( BINARY ( 'q' ) )  --", " ( COS ( 2 * 'z') )  --", '2 * 3 --', '@v /*']);
  });

  it("finds sqlmap's boundaries and suffixes", () => {
    assertFound([
      "7') AS abc WHERE 3=3 AND 1=1 --", "9' IN BOOLEAN MODE) AND 4=4#", '4" WHERE 5=5 OR 6=7', '2)) AS q WHERE 8=8 AND 9=9',
      "5'));BEGIN DBMS_LOCK.SLEEP(3); END AND (('x'='x", '6 ORDER BY IF(2<3,name,id)', '3 GROUP BY 2 HAVING 2 = 2',
    ]);
  });

  it('finds stacked statements beyond DROP, EXEC and WAITFOR', () => {
    assertFound([
      '8;IF(4=4) SELECT 4 ELSE DROP FUNCTION xyz--', "3';CALL proc_x(1)--", '6;SET @v=1--', '2;IIF(3=3,1,1/0)',
      "5; LOAD DATA LOCAL INFILE '/etc/x'", "zz'; DECLARE c CURSOR FOR select name from sysobjects", '7; DELETE QUICK FROM t',
      "EXEC sp_who @loginame = 'x';",
    ]);
  });

  it('finds whole SELECT statements and subqueries used as a value', () => {
    assertFound([
      'select 3,cos(2) from t where', "SELECT CHR(65) || CHR(66) FROM dual", '(select name from accounts limit 0,1)',
      '(SELECT (2) FROM DUAL)', '5 union select tbl alias from information_schema.tables',
    ]);
  });

  it('finds UNION glued to numbers, split by comments, or cut off', () => {
    assertFound(['4union select 7,8', '2.5UNION SELECT 1', '-3#\nUNION', "'UNION SELECT", '1/*!40000UNION*/ SELECT 1,2',
      '1#abc\nAND#def\n5=5']);
  });

  it('finds time- and error-based calls, casts and version probes as the whole value', () => {
    assertFound(['sleep(4)', 'benchmark(1000000,md5(1)', 'substr(pwd,1,1)::int', 'length(version())', 'hex(user())',
      'case 3 when 3 then 1 end', "exec ops..xp_cmdshell 'dir'"]);
  });

  it("finds MySQL's implicit conversions between single-quoted strings", () => {
    assertFound(["' MOD '", "abc' & 'd", "'<<'", "x '^' y"]);
  });

  it('leaves prose, search syntax and code alone', () => {
    assertClean([
      '"SOFA" AND "CHAIR"', 'BIG "&" SMALL', '"LIKE" BUTTON', '"*" WILDCARD', '"ON SALE" OR "NEW"', '2 OR 3 SEATS',
      'LOCK AND LOAD', '(RED OR BLUE) SHIRT', '(see above) -- thanks', 'Chapter 1 -- intro', 'select one from list where',
      'select 2 items from the menu', 'select * from meaning', 'SELECT id FROM t WHERE x = 1', 'union station', 'std::vector<int> v',
      'fe80::1', 'version() returns the version', 'sleep(5) in python', 'ok; if (x) return', 'BASE; SET COLOUR',
      'call me; maybe', "rock 'n' roll", "it's 'a' + 'b'", "O'Reilly and 'friends", 'x=1 and y=2', '1 or 2 tablespoons',
      'created_at > 2024-01-01 AND (status = open OR status = pending)', 'max(1,2)', 'round(2.5)', '1/2 cup sugar',
      "ITEM 'X' DISPLAY", 'PRICE 12\';', "WOMEN'S; MEN'S", "GADGET'*''''''''''", "'-\"4 PACK",
    ]);
  });

  it('leaves numbers joined by a word before an English "from", "where" or "union" alone', () => {
    // Logic between literals before a clause is prose; inside the clause it is SQL (id HAVING (1 OR true)).
    assertClean(['20 or 30 from here', '10 or 20 where possible', 'or 5 having fun', 'and 3 from home', '2 or 3 union',
      'or 0 union']);
    assertFound(['id having (1 or true)', '1 or 1 union select 1', '4 order by if(1=1,1,2)']);
  });

  it('judges any soup of SQL tokens in bounded time', { timeout: 30_000 }, () => {
    // The grammar walks forward only; a loop that stops making progress would hang here.
    const token = fc.constantFrom('and', 'or', '1', 'x', '(', ')', "'b'", '"a"', '=', '--', '#', '/*', '*/', 'select', 'from',
      'where', 'union', 'is', 'not', 'null', 'like', 'in', 'between', ';', '*', 'if', 'begin', 'end', 'call', 'set', '@v', 'case',
      'when', 'then', 'else', 'as', 'order', 'by', 'having', 'limit', ',', 'sleep(', 'exec', 'declare', 'drop', 'update', '::',
      'procedure', 'binary', '\\N', '1union', "N'x'", 'O\'Neil');
    fc.assert(fc.property(fc.array(token, { maxLength: 24 }), fc.constantFrom(' ', ''), (tokens, sep) => {
      const findings = sqliIn(tokens.join(sep));
      assert.ok(findings.length <= 1);
    }), { numRuns: 5000 });
  });
});
