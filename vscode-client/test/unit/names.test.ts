import * as assert from "node:assert/strict";
import { test } from "node:test";
import { dottedNameAt, importAliases, qualify } from "../../src/names";

test("the dotted name under the cursor, up to the end of the word", () => {
  const line = "df = pd.DataFrame.from_dict(data).append(df)";
  assert.equal(dottedNameAt(line, line.indexOf("DataFrame") + 2), "pd.DataFrame");
  assert.equal(dottedNameAt(line, line.indexOf("pd")), "pd");
  assert.equal(dottedNameAt(line, line.indexOf("from_dict")), "pd.DataFrame.from_dict");
  assert.equal(dottedNameAt(line, 0), "df");
  assert.equal(dottedNameAt("np.product(x)", "np.product".length), "np.product", "cursor right after the word");
  assert.equal(dottedNameAt("x = np . prod(a)", 10), "np.prod");
  assert.equal(dottedNameAt("x = (1, 2)", 5), undefined);
  assert.equal(dottedNameAt("", 0), undefined);
  assert.equal(dottedNameAt("a = 3.14", 5), undefined);
});

test("import aliases: import ... as, from ... import ... as, parenthesised lists", () => {
  const source = [
    "import pandas as pd, os",
    "import numpy as np  # numbers",
    "import scipy.stats",
    "from sklearn.preprocessing import (",
    "    OneHotEncoder as OHE,",
    "    StandardScaler,",
    ")",
    "from . import local",
  ].join("\n");
  const aliases = importAliases(source);
  assert.equal(aliases.get("pd"), "pandas");
  assert.equal(aliases.get("np"), "numpy");
  assert.equal(aliases.get("os"), "os");
  assert.equal(aliases.get("scipy"), "scipy");
  assert.equal(aliases.get("OHE"), "sklearn.preprocessing.OneHotEncoder");
  assert.equal(aliases.get("StandardScaler"), "sklearn.preprocessing.StandardScaler");
  assert.equal(aliases.has("local"), false);
  assert.equal(qualify("pd.DataFrame.append", aliases), "pandas.DataFrame.append");
  assert.equal(qualify("OHE", aliases), "sklearn.preprocessing.OneHotEncoder");
  assert.equal(qualify("unknown.thing", aliases), "unknown.thing");
});
