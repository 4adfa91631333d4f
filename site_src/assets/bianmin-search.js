/* Bianmin search: residents' everyday words -> items and centres. No outside request.
   Data: assets/bianmin-search.json and assets/bianmin-pinyin.json (generator/site/search_terms.py).
   Runs in the browser (window.BianminSearch) and in node (module.exports) for the tests.

   A query is cleaned (full-width letters, punctuation, question shapes such as 我要…、…怎么办、在哪办、
   要带什么、了/的/吗 removed), widened by the county's synonyms (老人没了 -> 殡葬), then scored per item:
   each two-character piece of the query found in the item's name or residents' words counts most, in
   its summary or category less; the same piece matched by sound (低包 -> 低保, 新龙合 -> 新农合) a little
   less; a whole name or residents' word inside the query adds a bonus, so the item a resident names
   comes first. Typed pinyin (dibao, dbsq) is matched against the pinyin of the names and words.

   An item is a result only when its words answer the query: they cover most of what the query names
   (asking words such as 申请、多少钱 and the people of the story such as 孩子、他爸 need not be covered),
   leave no long run of it uncovered, and score above one piece matched by sound alone. A question
   the county's list cannot answer (怎么开无犯罪证明) so gets no item, and the box says so. */
(function (root) {
  "use strict";

  var SHAPES = ["请问一下", "请问", "我想要", "我想", "我要", "想要", "想问问", "想问", "问一下", "我们", "我家",
    "俺家", "咱家", "俺们", "俺", "咱", "怎么办理", "怎么办", "怎么弄", "怎么搞", "怎么样", "怎么", "咋办", "咋弄",
    "咋整", "咋个", "如何办理", "如何", "怎样", "咋", "在哪里办", "在哪儿办", "在哪办", "去哪里办", "去哪儿办",
    "去哪办", "到哪里办", "到哪办", "哪里办", "在哪里", "在哪儿", "在哪", "去哪里", "去哪儿", "去哪", "到哪里",
    "到哪儿", "到哪", "哪里", "哪儿", "哪个", "找谁", "要带什么材料", "要带什么", "带什么", "需要什么材料",
    "需要什么", "需要啥", "要什么材料", "什么材料", "要什么", "什么", "能不能", "可不可以", "可以", "能否",
    "是不是", "有没有", "有啥", "啥", "个", "吗", "呢", "吧", "啊", "呀", "嘛", "么", "了", "的", "一下", "谁"];
  var SHAPE_RE = new RegExp(SHAPES.slice().sort(function (a, b) { return b.length - a.length; }).join("|"), "g");
  var ASCII_TAILS = ["zenmeban", "shenqing", "banli", "sq", "bl"];

  /* Lower case, full-width letters and digits made plain, everything but letters, digits and
     Chinese characters turned into a space. */
  function clean(text) {
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .toLowerCase().replace(NUMBER, digits).replace(/[^a-z0-9\u3400-\u9fff]+/g, " ").trim();
  }

  /* Numbers written in characters, as digits: 六十 -> 60, 七十九 -> 79, 四零五零 -> 4050, 八十岁 -> 80岁
     (only numbers of two characters or more, or before 岁: 一孩、二胎 stay words). */
  var NUMBER = /[零〇一二两三四五六七八九十]{2,}|[一二两三四五六七八九十](?=岁)/g;
  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  function digits(number) {
    var at = number.indexOf("十");
    if (at < 0) return number.split("").map(function (c) { return DIGIT[c]; }).join("");
    if (number.indexOf("十", at + 1) >= 0) return number;
    var tens = at ? DIGIT[number.slice(0, at)] : 1, ones = number.slice(at + 1);
    if (tens === undefined || (ones && DIGIT[ones] === undefined)) return number;
    return String(tens * 10 + (ones ? DIGIT[ones] : 0));
  }

  /* Question shapes and function words cut out; what is left, in pieces. */
  function pieces(text) {
    return clean(text).replace(SHAPE_RE, " ").split(/\s+/).filter(Boolean);
  }

  function bigrams(piece) {
    var out = [];
    if (piece.length === 1) out.push(piece);
    for (var i = 0; i + 1 < piece.length; i++) out.push(piece.slice(i, i + 2));
    return out;
  }

  /* Sound of a syllable with the usual mix-ups folded: zh/z, ch/c, sh/s, n/l, -ng/-n. */
  function fold(syllable) {
    return syllable.replace(/^([zcs])h/, "$1").replace(/^n/, "l").replace(/ng$/, "n");
  }

  function Engine(index, table) {
    var readings = {};
    [0, 1].forEach(function (part) {  // usual readings first: readings[ch].folded[0] is the usual one
      Object.keys(table || {}).forEach(function (syllable) {
        var folded = fold(syllable), chars = table[syllable].split("|")[part] || "";
        for (var i = 0; i < chars.length; i++) {
          var r = readings[chars[i]] || (readings[chars[i]] = { plain: [], folded: [] });
          if (r.plain.indexOf(syllable) < 0) r.plain.push(syllable);
          if (r.folded.indexOf(folded) < 0) r.folded.push(folded);
        }
      });
    });
    this.readings = readings;
    this.soundCache = new Map();
    this.synonyms = (index.synonyms || []).map(function (s) {
      return { words: s[0].split("|").map(function (w) {
        return { raw: clean(w).replace(/\s+/g, ""), short: pieces(w).join("") };
      }), means: s[1].split("|") };
    });
    this.items = index.items.map(function (row) { return this.prepareItem(row); }, this);
    this.centres = (index.centres || []).map(function (row) {
      return { kind: "centre", id: row[0], name: row[1], summary: "服务网点：地址、电话、办公时间、能办的事", keys: centreKeys(row[1]) };
    });
  }

  /* 天度镇东河村便民服务站 -> 天度镇东河村, 东河村, 东河: the parts a resident types. */
  function centreKeys(name) {
    var whole = pieces(name.replace(/(便民服务站|便民服务中心|政务服务中心|服务站|服务中心)$/, "")).join("");
    var own = whole.replace(/^.+?(镇|街道|乡)(?=.)/, "");
    var bare = own.replace(/(村|社区)$/, "");
    return [whole, own, bare].filter(function (k, i, all) { return k.length >= 2 && all.indexOf(k) === i; });
  }

  Engine.prototype.sounds = function (ch) {
    var r = this.readings[ch];
    return r ? r.folded : [];
  };

  /* Every sound of a two-character piece (the query's side). */
  Engine.prototype.soundKeys = function (pair) {
    var keys = this.soundCache.get(pair);
    if (keys) return keys;
    var a = this.sounds(pair[0]), b = pair.length > 1 ? this.sounds(pair[1]) : [""];
    keys = [];
    a.forEach(function (x) { b.forEach(function (y) { keys.push(x + "-" + y); }); });
    this.soundCache.set(pair, keys);
    return keys;
  };

  /* An item as three strings searched per query: its name and residents' words ("|最低生活保障|低保|…|"),
     the same by usual sound ("-zui-di-sen-huo-bao-zan-|-di-bao-|…"), and its summary and category. */
  Engine.prototype.prepareItem = function (row) {
    var name = row[1], words = row[2] ? row[2].split("|") : [], self = this;
    var bare = name.replace(/[（(].*?[）)]/g, " ");
    var inner = (name.match(/[（(](.*?)[）)]/g) || []).map(function (p) { return p.slice(1, -1); });
    var item = { kind: "item", id: row[0], name: name, summary: row[3], whole: [] };
    var all = [];
    [name].concat(inner, words).forEach(function (text) { all = all.concat(pieces(text)); });
    item.words = "|" + all.join("|") + "|";
    item.sound = all.map(function (piece) {
      return "-" + Array.prototype.map.call(piece, function (ch) { return self.sounds(ch)[0] || ch; }).join("-") + "-";
    }).join("|");
    item.text = pieces(row[3] + " " + (row[4] || "")).join("|");
    [name, bare].concat(inner, words).forEach(function (text) {
      var joined = pieces(text).join("");
      if (joined.length >= 2 && item.whole.indexOf(joined) < 0) item.whole.push(joined);
    });
    item.exact = pieces(name).join("");
    item.bare = pieces(bare).join("");
    return item;
  };

  /* Does `word` sound like some run of `query`? (each character shares a folded reading) */
  Engine.prototype.soundsInside = function (word, query) {
    for (var start = 0; start + word.length <= query.length; start++) {
      var ok = true;
      for (var i = 0; ok && i < word.length; i++) {
        var a = this.sounds(word[i]), b = this.sounds(query[start + i]);
        ok = word[i] === query[start + i] || a.some(function (x) { return b.indexOf(x) >= 0; });
      }
      if (ok) return true;
    }
    return false;
  };

  /* Can `letters` be spelt by the readings of consecutive characters of `word`, starting at a
     character? Full syllables, the last one may be cut short; or the first letters (dbsq). */
  Engine.prototype.spells = function (letters, word) {
    var readings = this.readings;
    /* the position in `word` where spelling `letters` from character `pos` ends, or -1 */
    function from(pos, at, initials) {
      if (at === letters.length) return pos;
      if (pos >= word.length || !readings[word[pos]]) return -1;
      var end = -1;
      readings[word[pos]].plain.some(function (s) {
        if (initials) end = s[0] === letters[at] ? from(pos + 1, at + 1, true) : -1;
        else if (letters.substr(at, s.length) === s) end = from(pos + 1, at + s.length, false);
        else end = at + s.length > letters.length && s.indexOf(letters.slice(at)) === 0 ? pos + 1 : -1;
        return end >= 0;
      });
      return end;
    }
    var best = 0;
    for (var pos = 0; pos < word.length; pos++) {
      var end = Math.max(from(pos, 0, false), letters.length >= 2 ? from(pos, 0, true) : -1);
      if (end >= 0) best = Math.max(best, pos === 0 ? (end === word.length ? 3 : 2) : 1);
    }
    return best;
  };

  Engine.prototype.letterScore = function (item, letters) {
    var best = 0, self = this;
    item.whole.forEach(function (word) {
      var got = self.spells(letters, word);
      if (got) best = Math.max(best, [0, 10, 20, 30][got] + Math.min(word.length, 8));
    });
    return best;
  };

  function asciiQuery(text) {
    var letters = clean(text).replace(/[^a-z]/g, "");
    ASCII_TAILS.some(function (tail) {
      if (letters.length > tail.length + 1 && letters.slice(-tail.length) === tail) {
        letters = letters.slice(0, -tail.length);
        return true;
      }
      return false;
    });
    return letters;
  }

  /* The query's pieces plus the catalogue words its everyday phrases stand for. A phrase counts as the
     resident wrote it (老了人), or inside the shortened query when shortening leaves the phrase itself
     unchanged: shortened, 老了人 would be 老人, which every question about old people contains.
     spans: where in `joined` each phrase stands, with the catalogue words it stands for. */
  Engine.prototype.expand = function (query) {
    var raw = clean(query).replace(/\s+/g, ""), parts = pieces(query), joined = parts.join("");
    var extra = [], spans = [];
    this.synonyms.forEach(function (s) {
      s.words.forEach(function (w) {
        if (!w.raw || !(raw.indexOf(w.raw) >= 0 || (w.short === w.raw && joined.indexOf(w.raw) >= 0))) return;
        var at = joined.indexOf(w.short);
        if (at >= 0) spans.push({ from: at, to: at + w.short.length, means: s.means });
        s.means.forEach(function (m) { if (extra.indexOf(m) < 0) extra.push(m); });
      });
    });
    return { parts: parts, joined: joined, extra: extra, spans: spans };
  };

  /* Points per item from the query's two-character pieces, each weighted by its rarity (idf):
     3 x in a name or residents' word, 2 x there by sound, 1 x in the summary or category;
     synonym pieces 2 x and 1 x. Returns {scores, byWord, covered}: byWord marks items matched in their
     words; covered[i][k] is 1 when the k-th character of q.joined is matched by item i's words (by
     letter or sound) or stands in a synonym phrase whose catalogue words are item i's. */
  Engine.prototype.pieceScores = function (q, pairs, extraPairs) {
    var items = this.items, n = items.length, self = this;
    var scores = new Float64Array(n), byWord = new Uint8Array(n), kind = new Uint8Array(n);
    var covered = items.map(function () { return new Uint8Array(q.joined.length); });
    function score(pair, weights) {
      var sounds = weights[1] ? self.soundKeys(pair.text).map(function (k) { return "-" + k + "-"; }) : [];
      var found = 0, i;
      for (i = 0; i < n; i++) {
        var it = items[i];
        kind[i] = it.words.indexOf(pair.text) >= 0 ? 1
          : sounds.some(function (k) { return it.sound.indexOf(k) >= 0; }) ? 2 : it.text.indexOf(pair.text) >= 0 ? 3 : 0;
        if (kind[i]) found++;
      }
      if (!found) return;
      var idf = Math.log(1 + n / found);
      for (i = 0; i < n; i++) {
        if (!kind[i]) continue;
        scores[i] += weights[kind[i] - 1] * idf;
        if (kind[i] < 3 && weights[1]) {
          byWord[i] = 1;
          mark(covered[i], pair.at, pair.size || pair.text.length);
        }
      }
    }
    pairs.forEach(function (pair) { score(pair, pair.size ? [2, 0, 0] : [3, 2, 1]); });
    extraPairs.forEach(function (pair) { score(pair, [2 * pair.share, 0, pair.share]); });
    q.spans.forEach(function (span) {
      items.forEach(function (it, i) {
        if (span.means.some(function (m) { return it.words.indexOf(m) >= 0; })) mark(covered[i], [span.from], span.to - span.from);
      });
    });
    return { scores: scores, byWord: byWord, covered: covered };
  };

  function mark(marks, starts, length) {
    starts.forEach(function (at) { for (var k = at; k < at + length; k++) marks[k] = 1; });
  }

  /* Extra points when a whole name or residents' word is in the query (or by sound), the query is
     part of one, or a synonym's catalogue word is. */
  Engine.prototype.bonus = function (item, q, byWord) {
    var bonus = 0, self = this;
    if (q.joined && (q.joined === item.exact || q.joined === item.bare)) bonus = 30;
    item.whole.forEach(function (word) {
      if (q.joined.indexOf(word) >= 0) bonus = Math.max(bonus, 4 * word.length + 4);
      else if (q.joined.length >= 2 && word.indexOf(q.joined) >= 0) bonus = Math.max(bonus, 3 * q.joined.length + 2);
      else if (byWord && self.soundsInside(word, q.joined)) bonus = Math.max(bonus, 3 * word.length + 2);
      q.extra.forEach(function (e) {
        if (word.indexOf(e) >= 0 || e.indexOf(word) >= 0) bonus = Math.max(bonus, 2 * Math.min(e.length, word.length) + 1);
      });
    });
    return bonus;
  };

  /* The query's two-character pieces (one character when a piece is one), each once, with where it
     stands in q.joined: [{text, at: [positions]}]. Letters are left to the pinyin match. */
  function pairsOf(parts) {
    var byText = {}, out = [], offset = 0;
    parts.forEach(function (piece) {
      piece.replace(/[^a-z]+/g, function (run, at) {
        bigrams(run).forEach(function (text, k) {
          if (!byText[text]) out.push(byText[text] = { text: text, at: [] });
          byText[text].at.push(offset + at + k);
        });
      });
      offset += piece.length;
    });
    return out;
  }

  /* Two characters with one between them, when that pair is not a piece of the query itself: 当兵 of
     当过兵, 找活 of 找个活干 (a resident's word with a character put in). Found in an item's words only. */
  function skipPairsOf(parts, own) {
    var out = [], offset = 0;
    parts.forEach(function (piece) {
      for (var k = 0; k + 2 < piece.length; k++) {
        var text = piece[k] + piece[k + 2];
        if (/[a-z]/.test(text) || own.some(function (p) { return p.text === text; })) continue;
        out.push({ text: text, at: [offset + k, offset + k + 2], size: 1 });
      }
      offset += piece.length;
    });
    return out;
  }

  /* The pieces of the catalogue words a query's phrases stand for, those the query has itself left out;
     each weighs 1 / (pieces of its word), so that a long catalogue word counts no more than a short one. */
  function synonymPairs(extra, own) {
    var out = [];
    extra.forEach(function (word) {
      var got = bigrams(pieces(word).join("")).filter(function (text) {
        return !own.some(function (p) { return p.text === text; }) && !out.some(function (p) { return p.text === text; });
      });
      got.forEach(function (text) { out.push({ text: text, at: [], share: 1 / got.length }); });
    });
    return out;
  }

  /* Words that ask about something without naming it (申请, 多少钱, 政府…) and the people and places of
     a resident's own story (孩子, 他爸, 村里…): an item's words need not cover them. */
  var ASKING = ["申请", "办理", "手续", "流程", "条件", "政策", "多少钱", "多少", "给钱", "一月", "每月", "每年", "一年",
    "几月", "几", "什么时候", "啥时候", "时候", "以后", "已经", "突然", "现在", "今年", "明年", "去年", "今天", "明天",
    "昨天", "开始", "好几年", "好多年", "回事", "重新", "还是", "刚", "从", "政府", "国家", "电话",
    "手机", "有人", "找人", "自己", "自家", "名下", "村里", "家里", "屋里", "孩子", "小孩", "儿子", "女儿", "父亲", "母亲",
    "爷爷", "奶奶", "老伴", "爸", "妈", "娃", "我", "他", "她", "人", "被", "想", "在", "还", "也", "都", "就", "又", "再",
    "会", "能", "要", "有", "办", "领", "开", "去", "来", "到", "用", "找", "给", "帮", "点", "过", "难", "不", "没", "这", "那"];
  var ASKING_RE = new RegExp(ASKING.slice().sort(function (a, b) { return b.length - a.length; }).join("|"), "g");

  /* How well an item's words cover what the query names (its characters but letters and asking
     words): {share: the share covered, gap: the longest run left uncovered}. A character matched only
     alone (钱 of 里的钱能退吗 in 养老保险退钱) counts half and breaks a run. */
  function coverage(q, item, marks) {
    var naming = 0, hit = 0, run = 0, gap = 0, skip = new Uint8Array(q.joined.length);
    q.joined.replace(ASKING_RE, function (word, at) { mark(skip, [at], word.length); return word; });
    for (var k = 0; k < q.joined.length; k++) {
      if (skip[k] || /[a-z]/.test(q.joined[k])) continue;
      var alone = !marks[k] && item.words.indexOf(q.joined[k]) >= 0;
      naming++;
      hit += marks[k] ? 1 : alone ? 0.5 : 0;
      run = marks[k] || alone ? 0 : run + 1;
      gap = Math.max(gap, run);
    }
    return { share: naming ? hit / naming : 1, gap: gap };
  }

  /* An item answers the query when the query holds one of its names or residents' words of three
     characters or more (高龄补贴 in 俺娘七十九了明年能领高龄补贴不), or when its words cover most of what
     the query names, leave no long run of it uncovered (幼儿园 in 孩子上幼儿园报名) and score more than
     one piece matched by sound alone; the longer the story around the match, the stronger the score
     it needs. */
  var BARS = [{ share: 0.55, score: 12, gap: 3 }, { share: 0.5, score: 20, gap: 2 }, { share: 0.4, score: 35, gap: 2 }];
  function answers(result) {
    return result.named || BARS.some(function (bar) {
      return result.cover.share >= bar.share && result.score >= bar.score && result.cover.gap <= bar.gap;
    });
  }

  /* Every match, best first: [{kind, id, name, summary, score, cover}]. Items whose words cover too
     little of what the query names are left out: a question the list cannot answer gets no item. */
  Engine.prototype.search = function (query) {
    var q = this.expand(query), letters = asciiQuery(query);
    var pairs = pairsOf(q.parts);
    pairs = pairs.concat(skipPairsOf(q.parts, pairs));
    var extraPairs = synonymPairs(q.extra, pairs);
    var self = this, found = [];
    if (!pairs.length && letters.length < 2) return [];
    var got = this.pieceScores(q, pairs, extraPairs);
    this.items.forEach(function (item, i) {
      var score = got.scores[i];
      if (score > 0) score += self.bonus(item, q, got.byWord[i]);
      if (letters.length >= 2) score += self.letterScore(item, letters);
      var result = { kind: "item", id: item.id, name: item.name, summary: item.summary, score: score,
        cover: coverage(q, item, got.covered[i]),
        named: item.whole.some(function (word) { return word.length >= 3 && q.joined.indexOf(word) >= 0; }) };
      if (score > 0 && answers(result)) found.push(result);
    });
    this.centres.forEach(function (centre) {
      var best = 0;
      centre.keys.forEach(function (key) {
        if (q.joined.indexOf(key) >= 0) best = Math.max(best, key.length);
        else if (q.joined.length >= 2 && key.indexOf(q.joined) >= 0) best = Math.max(best, q.joined.length);
      });
      if (best) found.push({ kind: "centre", id: centre.id, name: centre.name, summary: centre.summary, score: 8 + 4 * best, cover: { share: 1, gap: 0 } });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.name < b.name ? -1 : 1); });
    var floor = found.length ? Math.max(3, found[0].score * 0.2) : 0;
    return found.filter(function (r) { return r.score >= floor; });
  };

  var api = { Engine: Engine, clean: clean, pieces: pieces, fold: fold };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BianminSearch = api;
})(this);
