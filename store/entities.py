"""Entity extraction: places, organisations, people and 《document》 titles, with exact offsets.

One pass of the LAC model over the Simplified copy of the body gives words and name tags;
cheap rules on top of it fix what the model gets wrong or misses:

* a gazetteer of administrative divisions (store/gazetteer.py) finds places and their
  admin paths (章丘区 -> 山东省/济南市/章丘区), using the article's other places to pick among
  same-named counties;
* suffix grammar: a name followed by 有限公司, 研究院, 管委会 ... is an organisation, by
  高新区, 片区, 街道 ... a place; the name is grown leftwards over the model's words;
* people after titles (局长耿玉远) and byline names (authors/contributors);
* 《...》 titles are documents.

Candidates from all sources are resolved longest-first without overlaps, then variants are
linked (济南 -> 济南市, 江宁高新区 -> 南京江宁高新区, 华信 -> 华信材料股份有限公司) through
``Mention.key``/``Mention.name``. Offsets always index the original body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import gazetteer
from .models import Mention
from .tagger import Token, tag_text
from .textnorm import to_simplified

# ---------------------------------------------------------------------------------------------
# Grammar resources (compiled once)

ORG_SUFFIXES = (
    "股份有限公司 有限责任公司 有限公司 分公司 公司 集团 研究院 研究所 研究中心 中医院 医院 大学 学院 中学 小学 学校 "
    "幼儿园 管委会 委员会 办事处 服务中心 分中心 中心 实验室 重点实验室 产业园 科技园 软件园 物流园 工业园 "
    "众创空间 孵化器 加速器 示范基地 基地 科学园区 园区 协会 联合会 商会 学会 海关总署 海关 总署 国务院 共同体 联盟 水厂 处理厂 机场 银行 法院 检察院 "
    "科技局 财政局 投资促进局 局 厅 委 政府 平台 部 城 店"
).split()
# Suffixes that are too generic to make an organisation on the strength of the model's words
# alone: the name before them must hold a proper name (place, org, person, nz) or be a
# government body of a named level (市科技局, 区委).
WEAK_ORG_SUFFIXES = frozenset("局 厅 委 部 城 店 平台 政府 中心 公司 学校".split())
PLACE_SUFFIXES = (
    "高新技术产业开发区 经济技术开发区 高新区 开发区 综合保税区 综保区 自由贸易试验区 自贸试验区 自贸区 "
    "示范区 试验区 片区 新区 先行区 合作区 老工业区 工业园区 工业区 保税港区 街道 镇 乡 村 大道 路 流域 大走廊 走廊 经济圈 沿线"
).split()
# Bare zone words: generic, never mentions of their own (the named form, 济南高新区, is).
BARE_ZONES = frozenset("高新区 开发区 综保区 综合保税区 片区 自贸区 自贸试验区 新区 工业园区 保税港区".split())
ZONE_EQUIV = {"综保区": "综合保税区", "自贸区": "自贸试验区"}
# One-character short forms of provinces, regions and countries (皖企, 中美, 赴美): places when the
# model tags them as such.
ONE_CHAR_PLACES = frozenset("京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川琼宁新港澳台中华美日韩英法德俄欧印")
# The words that end a zone's, park's or new area's name (济南高新区, 临港新片区, 滨海新区).
_ZONE_TAIL = re.compile(
    r"(?:国家级|国家|省级)?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|综合保税区|综保区|保税区|保税港区|"
    r"自贸试验区|自贸区|新片区|片区|新区|示范区|试验区|工业园区|产业园区|园区|高科片区|新城)$"
)

# Model tags that may form part of a name grown leftwards from a suffix.
NAME_TAGS = frozenset("LOC ORG PER nz nw n vn an j m f s a".split())
PROPER_TAGS = frozenset("LOC ORG PER nz nw".split())
# Words that end leftward growth even when tagged as nouns.
GROWTH_STOP = frozenset(
    "企业 公司 高校 政府 部门 单位 机构 项目 工作 全国 全省 全市 全区 国家 省级 市级 区级 国内 我省 我市 我区 "
    "本市 本区 该 各 新 多家 一批 一家 首家 期间 目前 同时 此外 其中 今年 去年 成为 获批 位于 依托 围绕 "
    "联合 共建 建设 引进 落户 打造 组建 成立 入驻 支持 推动 推进 加快 服务 作为 本报 省内 市内 区内 境内 以上 "
    "也是 国家级 省级 实现 开放式 专项 链接 提供 深化 发展 对 好 从 辖区".split()
)
# Generic words that are never entities on their own.
GENERIC = frozenset(
    "企业 高校 政府 公司 集团 大学 学校 中心 医院 园区 平台 部门 单位 机构 研究院 研究所 实验室 产业园 "
    "科技园 协会 海关 片区 开发区 政府部门 国家 全国 全省 全市 我国 我省 我市 本市 中央 地方 社区 "
    "街道 国际 世界 海外 国内 境外 省内 市内 区内 当地 城市 农村 乡村 园区 工业园 城区 市区 新城 泉城 "
    "新时代 中欧 市局 省局 区局 郊区 矿区 街道办事处 办事处 子公司 分公司 链接 对接 立项 新立项 产城 "
    "核心竞争力 竞争力 吉尼斯世界纪录 瞪羚企业 独角兽企业 高新技术企业 专精特新 小巨人 龙头企业".split()
)
TITLES = (
    "党工委书记 党委书记 副书记 书记 副局长 局长 副主任 主任 董事长 副董事长 总经理 副总经理 经理 总裁 副总裁 "
    "负责人 研究员 副研究员 教授 副教授 院长 副院长 所长 副所长 校长 副校长 主席 副主席 理事长 会长 秘书长 "
    "区长 副区长 市长 副市长 省长 副省长 县长 副县长 镇长 处长 科长 部长 厅长 总工程师 工程师 首席科学家 "
    "创始人 博士后 博士 院士 专家 记者 通讯员 实习生 编辑 负责同志 总监 主管 队长 站长 村支书 支部书记"
).split()
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由"
)
COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离".split())
# Words the model tags as names but that are roles or common nouns.
NOT_PERSON = frozenset("先生 女士 老师 同志 师傅 小编 记者 编辑 工作人员 负责人 市民 群众 网友".split())

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_PRONOUNS = frozenset("我 你 他 她 它 您 咱 俺 大 众 全 各".split())
_TITLE_END = re.compile("(?:常委|委员)$")
# Words ending like a road or a station that name none: 集成电路, 思路, 雨水泵站, 充电站.
_NOT_STREET = re.compile("(?:电路|线路|道路|思路|出路|套路|网路|铁路|公路|回路|门路|销路|泵站|加油站|加气站|变电站|工作站|服务站|充电站|换电站|基站|监测站|污水站|中转站|驿站)$")
_ORG_CUE = frozenset("企业 公司 单位 机构 院所 高校 龙头企业 药企 车企 品牌 集团".split())
_DOCUMENT = re.compile(r"《([^《》\n]{1,80})》")
# Industry words that, right after a proper name, make a firm's short name (萨博特种汽车,
# 齐鲁物联网, 中国电子): the trade a company is named by.
INDUSTRY_WORDS = frozenset(
    "电子 科技 生物 医药 药业 制药 控股 物联网 云商 健康 汽车 特种汽车 动力电池 电池 机床 机械 能源 新能源 "
    "材料 新材料 化工 电气 电力 智能 信息 软件 网络 数据 传媒 物流 食品 重工 装备 光电 半导体 环保 置业 实业 "
    "通信 通讯 航空 航天 钢铁 纺织 家居 电器 精密 仪器 芯片 微电子 医疗 器械 股份 集团 云 数科 智造 智控 "
    "轨道交通 新能源汽车".split()
)
# What may follow a firm's short name: a list or clause boundary, or a verb of what firms do.
_FIRM_FOLLOW = frozenset(
    "等 、 ， , 。 ； ; ” “ ） ) 获 获得 荣获 签署 签约 成功 入选 被 与 和 及 是 已 将 在 作为 牵头 联合 携手 "
    "投资 推出 发布 研发 研制 生产 建设 落户 取得 实现 共建".split()
)
# Words after an organisation's name that make it a product (苹果手机, 百度地图).
_PRODUCT_AFTER = frozenset("手机 电脑 笔记本 平板 手表 耳机 地图 搜索 浏览器 输入法 电视".split())
# Words after a place name that make it the name of a talent programme or prize (泰山学者,
# 泰山产业领军人才, 长江学者): no place is meant.
_PROGRAMME_AFTER = re.compile(r"^(?:产业|青年)?(?:领军|学者|英才)")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_ORG_SUFFIX_RE = re.compile(f"(?:{_alternation(ORG_SUFFIXES)})")
_PLACE_SUFFIX_RE = re.compile(f"(?:{_alternation(PLACE_SUFFIXES)})")
_TITLE_RE = re.compile(f"(?:{_alternation(TITLES)})")
_ORG_END = re.compile(f"(?:{_alternation(ORG_SUFFIXES)})$")
_PLACE_END = re.compile(f"(?:{_alternation(PLACE_SUFFIXES)}|区|县|市|省|州|河|江|湖|山|岛|湾|港|站|屯|庄|沟|峪)$")
# A named level of government before a body's generic name: 市科技局, 区委, 省政府.
_GOV_BODY = re.compile(r"^[省市区县镇乡][\u4e00-\u9fff]{0,6}(?:局|委|政府|委员会|办|厅|中心)$")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    type: str
    priority: int  # which source: breaks ties between equally long spans
    path: str | None = None
    name: str | None = None
    key: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


# ---------------------------------------------------------------------------------------------


def extract_entities(
    body: str,
    *,
    title: str | None = None,
    authors: list[str] | tuple[str, ...] = (),
    contributors: list[str] | tuple[str, ...] = (),
    tokens: list[Token] | None = None,
) -> list[Mention]:
    """Every mention of a place, organisation, person or document in ``body``.

    ``body[m.start:m.end] == m.text`` for every mention. ``tokens`` lets a caller that has
    already run the tagger over ``to_simplified(body)`` pass its result.
    """
    if not body or not body.strip():
        return []
    simp = to_simplified(body)
    if tokens is None:
        tokens = tag_text(simp)
    tokens = _refine(tokens)
    cands: list[_Cand] = []
    cands += _documents(simp)
    cands += _byline_people(simp, [*authors, *contributors])
    cands += _titled_people(simp, tokens)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    cands += _suffix_names(simp, tokens, starts, ends)
    cands += _model_names(simp, tokens)
    context = _place_context(simp, tokens, title)
    cands += _gazetteer_places(simp, tokens, context)
    cands += _enumerations(simp, tokens)
    cands += _firm_short_names(tokens)
    cands += _listed_firms(tokens)
    cands += _datelines(tokens, context)
    cands += _regions(simp, starts, ends)
    cands += _place_lists(tokens)
    cands += _reporters_outlets(simp, tokens)
    links = _link_lists(simp)
    if links:
        cands = [c for c in cands if not any(a <= c.start < b for a, b in links)]
    chosen = _resolve(_cut_at_spaces(simp, cands))
    chosen = _every_occurrence(simp, tokens, chosen)
    chosen = _short_forms(simp, tokens, chosen)
    if links:
        chosen = [c for c in chosen if not any(a <= c.start < b for a, b in links)]
    return _link(body, simp, chosen, context)


# ---------------------------------------------------------------------------------------------
# Fixes to the model's words

_DATELINE_WORD = re.compile(r"^(.{2,6}?)(讯)(.{2,})?$")
_COORDINATED_GOV = re.compile(r"^(.*?[省市区县]?(?:委|政府))((?:[省市区县])(?:委|政府))$")
_TRAILING_TITLE = re.compile(f"^(.{{2,}}?(?:委|局|厅|部|院|所|会|公司|集团|中心))({_alternation([*TITLES, '常委'])})$")
# 烟台大学共建海洋工程研究院, 高新区联合微医集团: two bodies and the verb joining them.
_JOINT_VERB = re.compile(r"^(.{2,}?(?:大学|学院|公司|集团|研究院|研究所|中心|区|局|委|政府))(共建|联合|携手|牵手|合作|与|和)(.{2,})$")
_ORG_SUBSIDIARY = re.compile(r"^(.{2,}?)(?:全资|控股)?子公司$")
# 某某实业股份有限公司综合部: a company and one of its departments; the company is the name.
_COMPANY_DEPARTMENT = re.compile(r"^(.{2,}?(?:股份有限公司|有限责任公司|有限公司|集团))([\u4e00-\u9fff]{1,4}(?:部|处|科|室|办))$")
# 房山园和平谷园, 东城区和西城区: two names of one kind joined by 和 in one word of the model's.
_PAIRED_NAMES = re.compile(r"^([\u4e00-\u9fff]{1,8}([\u4e00-\u9fff]))(和|与|及)([\u4e00-\u9fff]{1,8}\2)$")
# A post the model may tag as an organisation (国务卿, 外长): the name after it is its holder's.
_POST_END = re.compile(f"(?:{_alternation([*TITLES, '国务卿', '外长', '议长', '总统', '总理', '首相'])})$")
_LEADING_JOINT = re.compile(r"^(共建|联合|携手|牵手|合作)(?=.{4,})")
_MODAL_TAIL = re.compile(r"^(.{3,})[能将也还都已就]$")
_REGION = re.compile(r"^[京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川琼][东西南北中]{1,2}$")
_COUNTRIES = frozenset(
    "中国 美国 日本 韩国 朝鲜 俄罗斯 英国 法国 德国 意大利 西班牙 加拿大 澳大利亚 新西兰 印度 巴西 以色列 "
    "新加坡 马来西亚 泰国 越南 印度尼西亚 菲律宾 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 奥地利 波兰 乌克兰 "
    "土耳其 伊朗 沙特 埃及 南非 墨西哥 阿根廷 智利 巴基斯坦 哈萨克斯坦 蒙古 老挝 柬埔寨 缅甸".split()
)


def _split_token(t: Token, cut: int, tags: tuple[str, str]) -> list[Token]:
    return [Token(t.start, t.start + cut, tags[0], t.text[:cut]), Token(t.start + cut, t.end, tags[1], t.text[cut:])]


_ZONE_WORDS = frozenset("示范区 高新区 开发区 经开区 新区 片区 试验区 保税区 综保区 工业园区 产业园区".split())


def _join_zone_words(tokens: list[Token]) -> list[Token]:
    """A place the model cut from its zone word (平原 | 示范 | 区) is one zone: 平原示范区."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        joined = None
        if t.tag in ("LOC", "ORG", "ns") and len(t.text) >= 2:
            text, end = t.text, t.end
            for j in range(i + 1, min(i + 4, len(tokens))):
                if tokens[j].start != end:
                    break
                text += tokens[j].text
                end = tokens[j].end
                if text[len(t.text):] in _ZONE_WORDS:
                    joined = (j, Token(t.start, end, "LOC", text))
                    break
        if joined is not None:
            out.append(joined[1])
            i = joined[0] + 1
            continue
        out.append(t)
        i += 1
    return out


def _refine(tokens: list[Token]) -> list[Token]:
    """Split words the model ran together: 济南讯 (dateline), 区委区政府, 济南市委常委; join an
    organisation's name with the name word after it (海尔 + 卡奥斯)."""
    tokens = _join_zone_words(tokens)
    out: list[Token] = []
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].start == t.end else None
        if t.tag == "LOC" and nxt is not None \
                and _PROGRAMME_AFTER.match("".join(x.text for x in tokens[i + 1 : i + 4])):
            out.append(Token(t.start, t.end, "nz", t.text))  # 泰山学者: a programme, no place
        elif t.tag == "ORG" and nxt is not None and nxt.text in _PRODUCT_AFTER and len(t.text) <= 4:
            out.append(Token(t.start, t.end, "nz", t.text))  # 苹果手机: a product
        elif t.tag in ("ORG", "LOC") and t.text[0] == "电" and len(t.text) >= 3 and out and out[-1].end == t.start \
                and (out[-1].tag == "TIME" or _DATE_WORD.match(out[-1].text)):
            out += _split_token(t, 1, ("n", t.tag))  # 3月1日 | 电某某委员会: the dateline's 电, then the name
        elif t.tag == "ORG" and (m := _COMPANY_DEPARTMENT.match(t.text)):
            out += _split_token(t, len(m.group(1)), ("ORG", "n"))  # the company, then its department
        elif t.tag in ("LOC", "ORG") and (m := _PAIRED_NAMES.match(t.text)) and len(m.group(1)) >= 2 \
                and len(m.group(4)) >= 2:
            a, c = len(m.group(1)), len(m.group(3))
            out += [Token(t.start, t.start + a, t.tag, m.group(1)),
                    Token(t.start + a, t.start + a + c, "c", m.group(3)),
                    Token(t.start + a + c, t.end, t.tag, m.group(4))]
        elif t.text.endswith("等") and len(t.text) >= 2 and (t.tag == "m" or (out and out[-1].text == "、")) \
                and t.text != "等等":
            out += _split_token(t, len(t.text) - 1, (t.tag, "u"))  # 三五四二等: the list's last item, then 等
        elif t.tag == "ORG" and (m := _ORG_SUBSIDIARY.match(t.text)):
            out += _split_token(t, len(m.group(1)), ("ORG", "n"))  # 高新控股子公司: the owner is named
        elif t.tag == "ORG" and t.text[0] in "好完" and len(t.text) >= 4 and out and out[-1].tag == "v" \
                and _ORG_END.search(t.text):
            out += _split_token(t, 1, ("v", "ORG"))  # 兼顾好科技部: 好 completes the verb
        elif (m := _LEADING_JOINT.match(t.text)) and _ORG_END.search(t.text):
            out += _split_token(t, len(m.group(1)), ("v", "ORG"))  # 共建生物材料技术创新研究院
        elif t.tag == "ORG" and (m := _MODAL_TAIL.match(t.text)) and m.group(1).endswith(tuple(INDUSTRY_WORDS)):
            out += _split_token(t, len(m.group(1)), ("ORG", "v"))  # 润涵科技能取得: 能 is the verb's
        elif t.tag in ("LOC", "ORG") and (m := _DATELINE_WORD.match(t.text)):
            cut = len(m.group(1))
            out += [Token(t.start, t.start + cut, "LOC", m.group(1)), Token(t.start + cut, t.start + cut + 1, "n", "讯")]
            if m.group(3):
                out.append(Token(t.start + cut + 1, t.end, t.tag, m.group(3)))
        elif t.tag == "ORG" and (m := _COORDINATED_GOV.match(t.text)) and len(m.group(1)) >= 2:
            out += _split_token(t, len(m.group(1)), ("ORG", "ORG"))
        elif t.tag == "ORG" and (m := _JOINT_VERB.match(t.text)):
            head, verb = len(m.group(1)), len(m.group(2))
            out += [Token(t.start, t.start + head, "ORG", m.group(1)),
                    Token(t.start + head, t.start + head + verb, "v", m.group(2)),
                    Token(t.start + head + verb, t.end, "ORG", m.group(3))]
        elif t.tag == "ORG" and (m := _TRAILING_TITLE.match(t.text)):
            out += _split_token(t, len(m.group(1)), ("ORG", "n"))
        elif out and t.tag in ("PER", "nz") and out[-1].tag == "ORG" and out[-1].end == t.start \
                and len(out[-1].text) <= 4 and len(t.text) >= 2 and _CJK.match(t.text) \
                and not _POST_END.search(out[-1].text):  # 国务卿 | 某某: a post, then its holder
            prev = out.pop()
            out.append(Token(prev.start, t.end, "ORG", prev.text + t.text))
        else:
            out.append(t)
    return out


# ---------------------------------------------------------------------------------------------
# Candidate sources


def _documents(simp: str) -> list[_Cand]:
    return [_Cand(m.start(1), m.end(1), "document", 100) for m in _DOCUMENT.finditer(simp) if m.group(1).strip()]


def _byline_people(simp: str, names: list[str]) -> list[_Cand]:
    out = []
    for raw in names:
        name = to_simplified(re.sub(r"\s+", "", raw or ""))
        if len(name) < 2:
            continue
        for m in re.finditer(re.escape(name), simp):
            out.append(_Cand(m.start(), m.end(), "person", 95))
    return out


def _looks_like_name(text: str) -> bool:
    if not (2 <= len(text) <= 4) or not _CJK.match(text) or text in NOT_PERSON:
        return False
    if text[:2] in COMPOUND_SURNAMES:
        return len(text) >= 3
    return text[0] in SURNAMES and not (len(text) == 4)


def _titled_people(simp: str, tokens: list[Token]) -> list[_Cand]:
    """局长耿玉远, 董事长吴景春: the model's person word right after a title, or a surname-led word."""
    by_start = {t.start: t for t in tokens}
    out = []
    for m in _TITLE_RE.finditer(simp):
        tok = by_start.get(m.end())
        if tok is None:
            continue
        if tok.tag == "PER" and _looks_like_name(tok.text):
            out.append(_Cand(tok.start, tok.end, "person", 90))
        elif tok.tag == "PER" and len(tok.text) == 1 and tok.text in SURNAMES:
            # 副局长向 | 挺 | 介绍: a surname the model cut from a one-character given name, before
            # a verb or the clause's end.
            k = tokens.index(tok)
            given = tokens[k + 1] if k + 1 < len(tokens) else None
            after = tokens[k + 2] if k + 2 < len(tokens) else None
            if given is not None and given.start == tok.end and len(given.text) == 1 and _CJK.match(given.text) \
                    and given.text not in _FUNCTION_CHARS and given.text not in _PRONOUNS \
                    and (after is None or after.tag in ("v", "w")):
                out.append(_Cand(tok.start, given.end, "person", 85))
        elif tok.tag in ("n", "nz", "nr", "LOC", "ORG") and 2 <= len(tok.text) <= 3 and _looks_like_name(tok.text):
            out.append(_Cand(tok.start, tok.end, "person", 80))
    return out


# Suffixes of a company's registered name: what stands before them back to the clause's edge is
# the name, whatever the model made of its characters (达 | 运 | 精密 (厦门) 有限公司).
STRONG_ORG_SUFFIXES = frozenset("股份有限公司 有限责任公司 有限公司".split())
# Words a single character of which never sits inside a company's name: function words.
_FUNCTION_CHARS = frozenset(
    "的 了 在 是 为 由 与 和 及 或 把 被 将 已 从 向 对 给 到 让 使 于 以 而 并 也 都 还 又 有 等 称 说 如 像 "
    "含 即 系 属 同 跟 比 自 至 往 据 按 令 请 获 约 超 近 共 各 每 该 其 此 这 那 新".split()
)
# A level word that begins the name of a national body or base (国家超级计算中心, 厦门国家级文化
# 和科技融合示范基地): it stops a place's growth, not an organisation's.
_LEVEL_WORDS = frozenset("国家 国家级".split())
_OPEN = frozenset("(（")
_CLOSE = frozenset(")）")
# Last characters of a word that is a whole body's name already (新华社, 科技局, 某某党, 党中央):
# a conjunction after it joins two bodies, not two fields of one body's remit.
_BODY_END = frozenset("社报网台院所局会委部厅处办站队馆司团校党央")


def _complete_body(text: str) -> bool:
    return bool(_ORG_END.search(text)) or text[-1] in _BODY_END


def _bracketed_seat(tokens: list[Token], j: int) -> bool:
    """``tokens[j-2:j+1]`` are a place in brackets: (厦门), （滨州）."""
    return j >= 2 and tokens[j].text in _CLOSE and tokens[j - 1].tag in ("LOC", "ns") \
        and tokens[j - 2].text in _OPEN and tokens[j - 2].end == tokens[j - 1].start \
        and tokens[j - 1].end == tokens[j].start


def _joins_fields(tokens: list[Token], j: int, i: int, simp: str, end: int) -> bool:
    """``tokens[j]`` is 和/与 between two fields of one body's remit (科技和工业信息化局): the
    word before it names no body, place or person, and what follows it begins with no place."""
    left = tokens[j - 1]
    right = simp[tokens[j].end:end]
    return tokens[j].tag == "c" and left.end == tokens[j].start and left.tag in NAME_TAGS \
        and left.tag not in ("LOC", "PER") and left.text not in GROWTH_STOP and left.text not in GENERIC \
        and not _complete_body(left.text) and not _POST_END.search(left.text) \
        and not gazetteer.load().candidates(left.text) \
        and _admin_head(right) is None and not any(tokens[k].tag in ("LOC", "PER") for k in range(j + 1, i + 1))


def _grow_left(tokens: list[Token], i: int, s: int, limit: int = 24, *, kind: str = "place",
               loose: bool = False, simp: str = "", end: int = 0) -> tuple[int, bool]:
    """Start of a name that ends with a suffix starting at ``s`` inside or right after
    ``tokens[i]``; also whether a proper name (place, org, person, nz word) is part of it.

    An organisation's name (``kind`` org, ending at ``end`` of ``simp``) may join two fields of
    its remit with 和 or 与 (人力资源和社会保障厅) and may begin with a level word (国家超级计算
    中心). A company's registered name (``loose``) or one with its seat in brackets also takes
    the single characters the model cut an unknown brand into (达 | 运 | 精密 (厦门) 有限公司)."""
    start, proper = s, False
    if tokens[i].start < s:  # the suffix ends a word of the model's: 华信技术研发中心
        start, proper = tokens[i].start, tokens[i].tag in PROPER_TAGS and tokens[i].text not in GENERIC
    j = i - 1
    joined = brand = False
    while j >= 0:
        t = tokens[j]
        if t.end != start or s - t.start > limit:
            break
        if kind == "org" and _bracketed_seat(tokens, j):
            start, proper, loose = tokens[j - 2].start, True, True  # 恒达精工(苏州)有限公司
            j -= 3
            continue
        if kind == "org" and not joined and t.text in ("和", "与") and j >= 1 and _joins_fields(tokens, j, i, simp, end):
            joined = True
            start = t.start
            j -= 1
            continue
        if kind == "org" and not brand and t.tag == "v" and len(t.text) == 2 and j >= 1 \
                and tokens[j - 1].end == t.start and tokens[j - 1].tag == "LOC" and t.text not in GROWTH_STOP \
                and t.text not in dictionary_tags():
            brand = True  # 山东 | 载信 | 智慧物流园: a brand the model took for a verb, after its place
            start = t.start
            j -= 1
            continue
        if kind == "place" and s - t.end <= 4 and len(t.text) >= 3 and t.text.endswith(("镇", "乡", "街道")) \
                and simp[s:s + 1] == "村":
            break  # 某某镇 | 某某村: a village in its township is two places
        level = kind == "org" and t.text in _LEVEL_WORDS
        single = loose and len(t.text) == 1 and _CJK.match(t.text) is not None and t.text not in _FUNCTION_CHARS
        if not level and not single and (t.tag not in NAME_TAGS or t.text in GROWTH_STOP):
            break
        if t.text.endswith(("委", "政府", "讯")):  # 区委区政府: two bodies; 济南讯: a dateline
            break
        if t.text == "电" and j >= 1 and (tokens[j - 1].tag == "TIME" or _DATE_WORD.match(tokens[j - 1].text)):
            break  # 某地3月1日电 | 某某办公厅: the dateline ends before the name
        if t.tag == "m" and not re.match(r"^[0-9A-Za-z\-]+$", t.text):
            break  # numbers written as digits belong to names (阳光100中学), counted amounts don't
        start = t.start
        proper = proper or (t.tag in PROPER_TAGS and t.text not in GENERIC)
        j -= 1
    return start, proper


def _suffix_names(simp: str, tokens: list[Token], starts: dict[int, int], ends: dict[int, int]) -> list[_Cand]:
    """Names ending in an organisation or place suffix, grown leftwards over the model's words."""
    if not tokens:
        return []
    out = []
    # Index of the token covering each character, built once (dict lookups, no regex per word).
    cover = [0] * len(simp)
    for i, t in enumerate(tokens):
        for k in range(t.start, t.end):
            cover[k] = i
    for kind, pattern, priority in (("org", _ORG_SUFFIX_RE, 70), ("place", _PLACE_SUFFIX_RE, 72)):
        for m in pattern.finditer(simp):
            s, e = m.start(), m.end()
            if e not in ends:  # the suffix must end a word: 公司 in 公司化 is no suffix
                continue
            suffix = m.group()
            if suffix in _WORD_FINAL_SUFFIXES and tokens[cover[s]].start == s - 1 and tokens[cover[s]].end == e \
                    and simp[s - 1:e] in dictionary_tags():
                continue  # 干部, 南部, 书城, 下乡: the character ends a common word, no name
            after = ends[e] + 3
            seat = kind == "org" and after < len(tokens) and tokens[after - 2].start == e \
                and _bracketed_seat(tokens, after)
            start, proper = _grow_left(tokens, cover[s], s, kind=kind, simp=simp, end=e,
                                       loose=seat or (kind == "org" and suffix in STRONG_ORG_SUFFIXES))
            if seat:  # 海洋装备创新服务中心（青岛）: the seat in brackets closes the name
                e, proper = tokens[after].end, True
            text = simp[start:e]
            if _TITLE_END.search(text):  # 市委常委 is a post, not a body
                continue
            if kind == "org" and (tokens[cover[s]].start, tokens[cover[s]].end, tokens[cover[s]].tag) == (start, e, "LOC") \
                    and _city_name(text):
                continue  # 墨西哥城: the model's place, a city, is no organisation
            if text.endswith("子公司"):  # 城发控股子公司: the owner is the name, found on its own
                continue
            if kind == "org" and _COMPANY_DEPARTMENT.match(text):
                continue  # a company's department: the company is the name, found on its own
            if text == suffix or text in GENERIC or len(text) > 30:
                continue
            if suffix == "园区" and not _named_park(tokens, cover[s], s):
                continue  # 化工园区, 苏州工业园区 (a place's word): no park's name of its own
            if suffix.endswith("基地") and _ACTIVITY_BASE.search(simp[start:s]):
                continue  # 芯片生产基地: where something is made, not a base's name
            # Places (zones, streets) are named after a proper name; organisations may be named
            # by a government level (市科技局) instead.
            if not proper and not (kind == "org" and (_GOV_BODY.match(text) or _descriptive_name(text))):
                continue
            if kind == "place":
                if _NOT_STREET.search(text):
                    continue  # 集成电路: a word ending in 路 is no road
                out += _split_admin_head(simp, start, e, priority)
            else:
                out.append(_Cand(start, e, kind, priority))
    return out


# One-character suffixes that end many common two-character words (干部, 南部, 书城, 下乡, 农村):
# such a word is no name's suffix, whatever place stands before it (某市干部, 某国南部).
_WORD_FINAL_SUFFIXES = frozenset("部城乡村镇")
# Suffixes of institutions that are often named by what they do alone (产业数字经济研究所,
# 国家超级计算中心, 超导量子器件平台).
_DESCRIPTIVE_SUFFIXES = frozenset("研究院 研究所 实验室 重点实验室 创新中心 计算中心 平台 服务部 基地".split())
# Heads of generic descriptions that name no one institution (研发平台, 公共服务平台).
_GENERIC_DESCRIPTION = re.compile(r"^(?:研发|公共|服务|创新|应用|成果|孵化|转化|科技|技术|综合|信息|数字|各类|各级|相关|重点|专业|新型|高端|省级|市级|国家级)")


# What is done at a base that is described rather than named (生产基地, 人才培养基地).
_ACTIVITY_BASE = re.compile("(?:生产|制造|测试|培养|研发|加工|种植|养殖|培训|实训|实践|教育|展示|仓储|物流|配送|供应|育种|繁育)$")


def _named_park(tokens: list[Token], i: int, s: int) -> bool:
    """园区 as a word of its own right after proper names (生 | 医 | 园区 of the model's) names a
    park; within a word of the model's or after a common noun it does not."""
    return tokens[i].start == s and i > 0 and tokens[i - 1].end == s and tokens[i - 1].tag in PROPER_TAGS \
        and not _PLACE_END.search(tokens[i - 1].text)


def _descriptive_name(text: str) -> bool:
    """A name with no proper noun in it is an institution's name when its suffix is one that
    descriptive names take and what comes before it is long enough to be specific."""
    ending = next((x for x in _DESCRIPTIVE_SUFFIXES if text.endswith(x)), None)
    if text.endswith("科学园区"):  # 南部科学园区: the science park of a region
        return len(text) >= 6 and not _GENERIC_DESCRIPTION.match(text)
    return ending is not None and len(text) - len(ending) >= 4 and not _GENERIC_DESCRIPTION.match(text)


def _city_name(text: str) -> bool:
    """A place word of the model's ending in 城 is a city when what stands before 城 is a place's
    name or a transliterated one (费城, 墨西哥城, 广州城); 某某科技城, 某某未来城 are bodies or sites."""
    if len(text) < 2 or not text.endswith("城"):
        return False
    head = text[:-1]
    return all(ch in TRANSLITERATION_CHARS for ch in head) or head in _COUNTRIES \
        or dictionary_tags().get(head) == "ns" or bool(gazetteer.load().candidates(head))


def _model_names(simp: str, tokens: list[Token]) -> list[_Cand]:
    out = []
    for k, t in enumerate(tokens):
        text = t.text
        if text in BARE_ZONES:  # kept only when linked to the article's named zone
            out.append(_Cand(t.start, t.end, "place", 20))
            continue
        if t.tag == "PER":
            after = tokens[k + 1].text if k + 1 < len(tokens) and tokens[k + 1].start == t.end else ""
            if after.startswith(_PAIRING_WORDS):
                continue  # 郑汴一体化: two cities' short forms, no person
            if _looks_like_name(text) or (len(text) == 3 and text.endswith(("先生", "女士"))):
                out.append(_Cand(t.start, t.end, "person", 50))
            elif _model_person(text):
                out.append(_Cand(t.start, t.end, "person", 42))
        elif t.tag == "ORG":
            if len(text) < 2 or text in GENERIC or not _CJK.match(text[0]):
                continue
            if _PLACE_END.search(text) and not _ORG_END.search(text):
                out.append(_Cand(t.start, t.end, "place", 45))
            elif not text.endswith(("力", "纪录", "企业", "奖", "计划", "工程", "项目")):
                out.append(_Cand(t.start, t.end, "org", 50))
        elif t.tag == "LOC":
            if text.endswith("讯"):  # dateline 济南讯: the place is the part before
                text = text[:-1]
            if len(text) == 1 and text in ONE_CHAR_PLACES:
                out.append(_Cand(t.start, t.end, "place", 40))  # 皖, 鲁, 中 (中美), 美: a place's short form
                continue
            if len(text) < 2 or text in GENERIC:
                continue
            gaz = gazetteer.load()
            if _city_name(text):
                out.append(_Cand(t.start, t.end, "place", 45))  # 费城, 墨西哥城: a city
            elif _ORG_END.search(text) and not _PLACE_END.search(text):
                out.append(_Cand(t.start, t.end, "org", 45))
            elif gaz.candidates(text) or text in _COUNTRIES or _REGION.match(text):
                out.append(_Cand(t.start, t.end, "place", 50))
            elif _PLACE_END.search(text) and not _NOT_STREET.search(text):
                out += _split_admin_head(simp, t.start, t.end)
            elif 4 <= len(text) <= 6 and _admin_head(text) and len(text) - len(_admin_head(text)) >= 2:
                # 山东永信: a place name and a word that names no place is a firm's short name.
                out.append(_Cand(t.start, t.end, "org", 40))
            elif k > 0 and tokens[k - 1].text in _COUNTRIES and tokens[k - 1].end == t.start \
                    and 2 <= len(text) <= 5 and _CJK.match(text):
                out.append(_Cand(t.start, t.end, "place", 40))  # 美国 | 硅谷: a place in the country before it
            elif _kept_model_place(text):
                # The model's place with no rule against it (a town abroad, a region, 湾区): kept.
                out.append(_Cand(t.start, t.end, "place", 40))
    return out


# The characters foreign names are transliterated with (the standard table of 译音用字):
# a word of the model's written in them alone reads as a name from abroad.
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查察达戴黛丹道德登迪蒂丁东杜顿多厄恩尔法凡菲斐费芬丰夫弗"
    "伏福富盖甘冈戈哥格根贡古瓜圭哈海汉豪赫亨洪胡华怀霍基吉加贾嘎杰金卡凯坎康考柯科克肯孔库夸奎昆拉莱赖"
    "兰朗劳勒雷蕾里理利莉丽列林琳留隆卢鲁露路伦罗洛略马玛迈麦曼芒梅门蒙米密明缪摩莫墨姆穆纳娜奈南瑙内尼"
    "妮涅宁纽努诺欧帕派潘庞佩彭皮珀普齐其奇恰乔钦琼丘屈让热若瑞萨塞赛桑瑟森岑沙莎尚绍舍什施舒斯丝松苏"
    "索塔泰坦汤唐陶特滕提图托瓦万旺威韦维温文沃乌伍武西希锡席夏谢辛欣休逊雅亚娅扬耶伊因英尤约泽扎詹兹"
    "祖佐茨芙茜琪薇"
)


def _model_person(text: str) -> bool:
    """A person word of the model's that the surname rule does not take: a name from abroad,
    written with · (迈克尔·杰克逊) or in transliteration characters alone (克林顿, 克雷蒂安).
    Kept unless it is a role or the lexicon lists it as no noun (举凡 v); the lexicon's noun tags
    are no guide between names and common nouns for such words (基辛格 n, 波士顿 nr)."""
    if not (2 <= len(text) <= 16) or text in NOT_PERSON or text[0] == "·" or text[-1] == "·" \
            or not _CJK.match(text.replace("·", "")):
        return False
    if "·" not in text and not (3 <= len(text) <= 5 and all(ch in TRANSLITERATION_CHARS for ch in text)):
        return False
    tag = dictionary_tags().get(text)
    return tag is None or tag.startswith("n")


# Words after two places' short forms joined (郑汴一体化, 宁镇扬同城化).
_PAIRING_WORDS = ("一体化", "同城化", "协同发展", "都市圈", "经济圈", "城市群", "双城")
_NOT_A_PLACE_NAME = re.compile(r"[一二三四五六七八九十百千万\d]|(?:报|報|网|網|社|台|刊|新|科技)$")


def _kept_model_place(text: str) -> bool:
    """Whether a word the model tagged as a place, that no gazetteer or suffix rule knows, stays one.

    The dictionary decides: a word it lists as a place name (ns) stays; one it lists as something
    else (污水 n, 科技日报 nz) goes; a word it does not know stays when it looks like a name.
    """
    if not _CJK.match(text[0]) or _NOT_STREET.search(text):
        return False
    tags = dictionary_tags()
    tag = tags.get(text)
    if tag is not None:
        # A transliterated name is a person's in the lexicon as often as a place's (波士顿 nr,
        # 南斯拉夫 nrt): the model's reading of the sentence decides between them.
        return tag == "ns" or tag.startswith("nr")
    if not (2 <= len(text) <= 4 and all(_CJK.match(ch) for ch in text)) or _NOT_A_PLACE_NAME.search(text):
        return False
    # 香港文 (of 香港文汇报), 新竹科学 (of 新竹科学园区): a known place and a stray piece of the
    # next word is the model cutting a longer name short, not a place.
    gaz = gazetteer.load()
    if text.endswith("园") and (tags.get(text[:-1]) == "ns" or gaz.candidates(text[:-1])):
        return True  # 房山园: a place's park, named after it
    return not any(tags.get(text[:k]) == "ns" or gaz.candidates(text[:k]) for k in range(2, len(text)))


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """Word -> part of speech from jieba's dictionary (a general lexicon of Simplified words)."""
    import jieba  # imported here: only a build pays for reading the dictionary

    tags: dict[str, str] = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _admin_head(text: str) -> str | None:
    """The longest division name (full or short) that ``text`` begins with."""
    gaz = gazetteer.load()
    for j in range(min(len(text) - 1, 12), 1, -1):
        if gaz.candidates(text[:j]):
            return text[:j]
    return None


def _split_admin_head(simp: str, start: int, end: int, priority: int = 50) -> list[_Cand]:
    """历下区长岭高科片区 -> 历下区 + 长岭高科片区: a place led by a full division name (or a
    province's short name before a city's) is two places; 济南高新区, 南京江宁高新区 stay whole."""
    gaz = gazetteer.load()
    text = simp[start:end]
    head = _admin_head(text)
    if head:
        rest = text[len(head) :]
        divs = gaz.candidates(head)
        full = gaz.is_full_name(head)
        province_short = not full and any(d.level == 1 for d in divs) and _admin_head(rest) is not None
        if (full or province_short) and len(rest) >= 3 and rest not in BARE_ZONES and _PLACE_END.search(rest):
            cut = start + len(head)
            return [_Cand(start, cut, "place", priority), *_split_admin_head(simp, cut, end, priority)]
    return [_Cand(start, end, "place", priority)]


_NUMERAL = frozenset("一二三四五六七八九")


def _firm_short_names(tokens: list[Token]) -> list[_Cand]:
    """萨博特种汽车, 齐鲁物联网, 济南一机床, 比亚迪动力电池: a proper name (not a full division
    name) and the trade the firm is named by, standing alone in its clause (before 、 等 or a
    verb of what firms do). The model splits these; the trade word alone names no one."""
    gaz = gazetteer.load()
    out = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.tag not in ("PER", "ORG", "LOC", "nz") or not (2 <= len(t.text) <= 5) or not _CJK.match(t.text):
            continue
        if t.text in GENERIC or gaz.is_full_name(t.text) or _ORG_END.search(t.text) \
                or (t.tag == "LOC" and _PLACE_SUFFIX_RE.search(t.text)):
            continue
        j = i + 1
        if j < n and tokens[j].text in _NUMERAL and tokens[j].start == tokens[j - 1].end:
            j += 1  # 济南一机床, 济南二机床
        end = None
        for width in (2, 1):  # 特种 + 汽车, 动力 + 电池: the trade may be two words
            if j + width > n or any(tokens[k].start != tokens[k - 1].end for k in range(j, j + width)):
                continue
            if "".join(tokens[k].text for k in range(j, j + width)) in INDUSTRY_WORDS:
                end = j + width
                break
        if end is None:
            continue
        follow = tokens[end] if end < n else None
        if follow is not None and follow.tag != "w" and follow.text not in _FIRM_FOLLOW:
            continue  # 山东新材料产业: the trade of a place, not a firm
        out.append(_Cand(t.start, tokens[end - 1].end, "org", 65))
    return out


_LIST_END = frozenset("等 及 和 与".split())


def _org_cue_after(tokens: list[Token], k: int) -> bool:
    """等 is followed, within its clause, by what the list counts: 等4家企业, 等为代表的30余家
    骨干企业, 等单位."""
    for t in tokens[k : k + 10]:
        if t.tag == "w":
            return False
        if t.text in _ORG_CUE or t.text.endswith(("企业", "公司")):
            return True
    return False


def _listed_firms(tokens: list[Token]) -> list[_Cand]:
    """金现代等6家企业: a single proper name before 等 and a count of firms is a firm, whatever
    the model took it for."""
    out = []
    for i in range(1, len(tokens)):
        t = tokens[i - 1]
        if tokens[i].text != "等" or t.tag not in ("PER", "nz", "ORG") or not (2 <= len(t.text) <= 8):
            continue
        if i >= 2 and tokens[i - 2].text == "、":
            continue  # a list: _enumerations reads it
        if _CJK.match(t.text) and t.text not in GENERIC and _org_cue_after(tokens, i + 1):
            out.append(_Cand(t.start, t.end, "org", 66))
    return out


def _enumerations(simp: str, tokens: list[Token]) -> list[_Cand]:
    """In a list of names closed by 等 (甲药业、乙制药、丙生物等) where the model knows one item
    as an organisation, the other items are organisations too."""
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i].text != "、":
            i += 1
            continue
        # Collect items around a run of 、 separators.
        first = i
        while first - 1 >= 0 and tokens[first - 1].tag != "w" and tokens[first - 1].text not in _LIST_END:
            first -= 1
        items: list[tuple[int, int]] = []
        j, item_start = first, first
        while j < n:
            if tokens[j].text == "、":
                items.append((item_start, j))
                item_start = j + 1
            elif tokens[j].tag == "w" or tokens[j].text in _LIST_END:
                break
            j += 1
        closed = j < n and tokens[j].text == "等"
        cued = closed and _org_cue_after(tokens, j + 1)
        items.append((item_start, j))
        i = max(j, i) + 1
        if len(items) < 2:
            continue
        spans = []
        for k, (a, b) in enumerate(items):
            if a >= b:
                break
            # The first item may follow a verb or a preposition: keep its name words only. Later
            # items run from one 、 to the next, whatever the model made of their words (上 | 柴).
            if k == 0:  # 园区引进了华为、…: the first item is the run of name words closing its clause
                first = b
                while first > a and tokens[first - 1].tag in NAME_TAGS and tokens[first - 1].text not in GROWTH_STOP:
                    first -= 1
                a = first
            if a < b:
                spans.append((a, b))
        known = sum(1 for a, b in spans if b - a == 1 and tokens[a].tag == "ORG")
        # Two items the model knows as organisations make a list of organisations, closed by 等
        # or not (甲电子、乙光电、丙科技之后); one does when 等 closes it.
        if known == 0 or (known < 2 and not closed):
            continue
        if not closed:
            last = spans[-1] if spans and spans[-1][0] == items[-1][0] else None
            spans = [sp for sp in spans if sp is not last]
        gaz = gazetteer.load()
        for a, b in spans:
            text = simp[tokens[a].start : tokens[b - 1].end]
            proper = any(tokens[k].tag in PROPER_TAGS for k in range(a, b))
            lone_place = b - a == 1 and tokens[a].tag == "LOC" and (known < 2 or gaz.candidates(text)
                                                                    or text in _COUNTRIES)
            if (proper or cued or known >= 2) and 2 <= len(text) <= 10 and text not in GENERIC \
                    and _CJK.match(text) and not lone_place:
                out.append(_Cand(tokens[a].start, tokens[b - 1].end, "org", 48))
    return out


# What a list of places closed by 等 counts (铜锣、宜兰等园区, 济南、青岛等城市).
_PLACE_CUE = frozenset("园区 城市 地区 省份 省市 区县 县市 国家 地方 乡镇 片区 港口 城区 县区 市县 省区".split())


def _place_lists(tokens: list[Token]) -> list[_Cand]:
    """铜锣、宜兰等园区: the one-word items of a list the model knows one place of, closed by 等 and
    what it counts, are places."""
    out = []
    n = len(tokens)
    for k in range(1, n - 1):
        if tokens[k].text != "等" or tokens[k + 1].text not in _PLACE_CUE:
            continue
        items = [tokens[k - 1]]
        j = k - 2
        while j >= 1 and tokens[j].text == "、":
            items.append(tokens[j - 1])
            j -= 2
        if len(items) < 2 or not all(2 <= len(t.text) <= 4 and _CJK.match(t.text) for t in items):
            continue
        gaz = gazetteer.load()
        if not any(t.tag == "LOC" or gaz.candidates(t.text) for t in items):
            continue
        out += [_Cand(t.start, t.end, "place", 45) for t in items if t.tag not in ("ORG", "PER")]
    return out


# Regions of a country named by their compass point (东部地区, 华南地区, 西北地区): places.
_COMPASS_REGION = re.compile(
    "(?:东部|西部|中部|南部|北部|东北|西北|西南|东南|华东|华北|华南|华中|长三角|珠三角|京津冀|成渝|关中)地区")


def _regions(simp: str, starts: dict[int, int], ends: dict[int, int]) -> list[_Cand]:
    """东部地区, 东北地区: a compass region written as words of its own (the model writes it as
    one word or two)."""
    return [_Cand(m.start(), m.end(), "place", 58) for m in _COMPASS_REGION.finditer(simp)
            if m.start() in starts and m.end() in ends]


# A reporter's role after the outlet's name (某某日报记者, 某某网融媒记者).
_REPORTER = re.compile("(?:全媒体|融媒体|融媒|首席|特约|见习)?记者")
_OUTLET_SUFFIX = re.compile("(?:日报|晚报|早报|商报|时报|报|网|社|电视台|客户端)$")
# What stands before an outlet that opens a byline rather than a sentence.
_BYLINE_EDGE = frozenset("\n■□●◆◎★(（[【/／·•| \u3000")


def _reporters_outlets(simp: str, tokens: list[Token]) -> list[_Cand]:
    """刘洋告诉某某日报记者, 接受采访时某某报记者: an outlet named before its reporter inside a
    sentence is an actor; the same words opening a byline (■某某报记者 张三) only say who wrote."""
    by_end = {t.end: k for k, t in enumerate(tokens)}
    out = []
    for m in _REPORTER.finditer(simp):
        end = m.start()
        k = by_end.get(end)
        if k is None or not _OUTLET_SUFFIX.search(simp[max(0, end - 4):end]):
            continue
        start = tokens[k].start  # the word holding the suffix, whatever the model took it for
        j = k - 1
        while j >= 0 and tokens[j].end == start and tokens[j].tag in NAME_TAGS and tokens[j].text not in GROWTH_STOP \
                and end - tokens[j].start <= 10:
            start = tokens[j].start
            j -= 1
        name = simp[start:end]
        if len(name) < 3 or not _CJK.match(name) or name.startswith(("本", "该", "据")) or name in GENERIC:
            continue
        if start == 0 or simp[start - 1] in _BYLINE_EDGE:
            continue
        out.append(_Cand(start, end, "org", 75))
    return out


_OUTLET_END = ("社", "网", "报", "台", "日报", "晚报", "电视台", "新闻")
_DATE_WORD = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日$")
# Words that stand where a dateline's outlet would and are none (本报 names no outlet).
_NOT_OUTLET = frozenset("本报 本网 本台 本刊 记者 据 新闻".split())


def _is_outlet(t: Token) -> bool:
    return 2 <= len(t.text) <= 10 and _CJK.match(t.text) is not None and t.text not in _NOT_OUTLET \
        and (t.text.endswith(_OUTLET_END) or t.tag in ("ORG", "nz")) and not t.text.startswith("本")


def _datelines(tokens: list[Token], context: set[str]) -> list[_Cand]:
    """新华社北京3月1日电, 某某网12月20日电, 某某网讯: the outlet that sends the dispatch is an
    organisation named as an actor, the place it is sent from a place."""
    gaz = gazetteer.load()
    out = []
    for k, t in enumerate(tokens):
        if t.text == "讯" and k >= 1:  # 光明网讯: named like a 电 dateline's sender (the seeds' gold lists none)
            outlet = tokens[k - 1]
            if outlet.end == t.start and outlet.text.endswith(_OUTLET_END) and _is_outlet(outlet):
                out.append(_Cand(outlet.start, outlet.end, "org", 85))
            continue
        if t.text != "电" or k < 2 or not _DATE_WORD.match(tokens[k - 1].text) or tokens[k - 1].end != t.start:
            continue
        j = k - 2
        place = None
        if j >= 1 and tokens[j].tag in ("LOC", "n", "ns", "nz") and 2 <= len(tokens[j].text) <= 4 \
                and _CJK.match(tokens[j].text) and not tokens[j].text.endswith(_OUTLET_END):
            place, j = tokens[j], j - 1
        outlet = tokens[j]
        if outlet.end != (place or tokens[k - 1]).start or not _is_outlet(outlet):
            continue
        out.append(_Cand(outlet.start, outlet.end, "org", 85))
        if place is not None:
            division = gaz.resolve(place.text, context)
            out.append(_Cand(place.start, place.end, "place", 75,
                             path=gaz.path(division) if division else None,
                             name=division.name if division else None,
                             key=f"place:{division.code}" if division else None))
    return out


def _place_context(simp: str, tokens: list[Token], title: str | None) -> set[str]:
    """Adcodes (with their ancestors) of places the article names unambiguously."""
    gaz = gazetteer.load()
    context: set[str] = set()
    words = [t.text for t in tokens if t.tag == "LOC"]
    # An article's text begins with its title (Article.text), so the title's places are among
    # ``tokens`` already; only a title given apart from the text needs a model call of its own.
    if title and len(title) < 200:
        simple_title = to_simplified(title)
        if simple_title not in simp:
            words += [t.text for t in tag_text(simple_title) if t.tag == "LOC"]
    for w in words:
        for part in _split_places(w):
            cands = gaz.candidates(part)
            if len(cands) == 1:
                context.add(cands[0].code)
                context |= gaz.ancestors(cands[0])
    return context


def _longest_run(word: str, is_part: Callable[[str], object]) -> list[str] | None:
    """``word`` cut into parts of 2-12 characters, longest first from the left, each passing
    ``is_part``; None when some stretch fits no part."""
    parts, i = [], 0
    while i < len(word):
        for j in range(min(len(word), i + 12), i + 1, -1):
            if is_part(word[i:j]):
                parts.append(word[i:j])
                i = j
                break
        else:
            return None
    return parts


def _division_run(word: str) -> list[str]:
    """南京江宁 -> [南京, 江宁]: ``word`` as a run of division names or short forms, else []."""
    parts = _longest_run(word, gazetteer.load().candidates)
    return [] if parts is None else parts


def _split_places(word: str) -> list[str]:
    """济南市章丘区 -> [济南市, 章丘区] when the word is a run of full division names."""
    gaz = gazetteer.load()
    if gaz.is_full_name(word):
        return [word]
    parts = _longest_run(word, gaz.is_full_name)
    return [word] if parts is None else parts


def _gazetteer_places(simp: str, tokens: list[Token], context: set[str]) -> list[_Cand]:
    """Division names the model wrote as one word (or a run of them: 济南市章丘区)."""
    gaz = gazetteer.load()
    out = []
    for t in tokens:
        if t.tag not in ("LOC", "ORG", "ns", "n", "nz", "PER") or len(t.text) < 2:
            continue
        text = t.text
        if text in GENERIC:
            continue
        parts = _split_places(text) if t.tag in ("LOC", "ORG") else [text]
        if t.tag == "ORG" and len(parts) == 1:
            continue
        pos = t.start
        for part in parts:
            division = gaz.resolve(part, context)
            cands = gaz.candidates(part)
            if cands:
                full = gaz.is_full_name(part)
                known = division is not None and (division.code in context or gaz.ancestors(division) & context)
                # Short forms are common words now and then: only when the model says place or
                # the article names the division's province or city.
                if full or t.tag == "LOC" or known:
                    out.append(_Cand(pos, pos + len(part), "place", 60 if full else 55,
                                     path=gaz.path(division) if division else None,
                                     name=division.name if division else None,
                                     key=f"place:{division.code}" if division else None))
            pos += len(part)
    return out


# ---------------------------------------------------------------------------------------------
# Resolution and linking


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates: documents and byline names first, then longest, then by source."""
    order = sorted(cands, key=lambda c: (c.priority >= 90, c.length, c.priority), reverse=True)
    taken = bytearray(max((c.end for c in cands), default=0))
    chosen = []
    for c in order:
        if c.length <= 0 or any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * c.length
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# Spaces (or bars) between Chinese characters; Latin names keep theirs (Tesla Motors).
_SPACE_RUN = re.compile(r"(?<=[\u4e00-\u9fff])[\s\u3000|｜]+(?=[\u4e00-\u9fff])")


def _cut_at_spaces(simp: str, cands: list[_Cand]) -> list[_Cand]:
    """A name never runs across a space: a footer or menu of links (中国科学院 科学技术部) that the
    model read as one name is one candidate per link."""
    out = []
    for c in cands:
        text = simp[c.start:c.end]
        if not _SPACE_RUN.search(text.strip()):
            out.append(c)
            continue
        at = c.start
        for piece in _SPACE_RUN.split(text):
            start = simp.index(piece, at) if piece else at
            if len(piece) >= 2:
                out.append(_Cand(start, start + len(piece), c.type, c.priority))
            at = start + len(piece)
    return out


_BULLETS = "•·▪►◆●○◇■□–—\\-"
_LINK_LINE = re.compile(f"^[ \u3000]*[{_BULLETS}][^\n，。；！？,;!?]{{0,40}}$", re.M)


def _link_lists(simp: str) -> list[tuple[int, int]]:
    """Spans of runs of three or more short bulleted lines with no sentence in them: a page's list
    of links to other stories (• 某某编队起航 • 图片新闻), whose names are not the article's."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    count = 0
    for m in _LINK_LINE.finditer(simp):
        if count and m.start() == end + 1:
            end, count = m.end(), count + 1
            continue
        if count >= 3:
            runs.append((start, end))
        start, end, count = m.start(), m.end(), 1
    if count >= 3:
        runs.append((start, end))
    return runs


def _every_occurrence(simp: str, tokens: list[Token], chosen: list[_Cand]) -> list[_Cand]:
    """A name found once in an article is a mention wherever else it stands there as a word of its
    own (the model tags a name in one sentence and misses it in the next)."""
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    taken = bytearray(len(simp) + 1)
    for c in chosen:
        taken[c.start:c.end] = b"\x01" * c.length
    by_text: dict[str, _Cand] = {}
    for c in chosen:
        text = simp[c.start:c.end]
        if len(text) >= 2 and c.type in ("place", "org", "person") and c.priority >= 40:
            by_text.setdefault(text, c)
    extra = []
    for text, c in sorted(by_text.items(), key=lambda item: -len(item[0])):
        at = simp.find(text)
        while at != -1:
            end = at + len(text)
            # A word of its own: the tagger's word boundaries fall at both ends.
            if not any(taken[at:end]) and at in starts and end in ends:
                taken[at:end] = b"\x01" * len(text)
                extra.append(_Cand(at, end, c.type, c.priority, path=c.path, name=c.name, key=c.key))
            at = simp.find(text, end)
    return sorted([*chosen, *extra], key=lambda c: c.start)


_COMPANY_END = re.compile("(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团)$")
# A government office's own name after the place it serves (台南市 | 经发局).
_BUREAU_END = re.compile("(?:局|委|厅|办|署|委员会|管委会)$")
_PLACE_HEAD = re.compile("^[\u4e00-\u9fff]{2,3}?[省市县区]")


def _short_forms(simp: str, tokens: list[Token], chosen: list[_Cand]) -> list[_Cand]:
    """Short forms of an organisation named in full in the article: its place head dropped
    (台南市经发局 -> 经发局, as a word of its own) and its brand with 公司 or 集团 (恒达精工(苏州)
    有限公司 -> 恒达公司)."""
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    taken = bytearray(len(simp) + 1)
    for c in chosen:
        taken[c.start:c.end] = b"\x01" * c.length
    forms: set[str] = set()
    for c in chosen:
        if c.type != "org":
            continue
        text = simp[c.start:c.end]
        head = _admin_head(text) or (m.group() if (m := _PLACE_HEAD.match(text)) else None)
        if head is not None:
            rest = text[len(head):]
            if 3 <= len(rest) <= 8 and _BUREAU_END.search(rest) and rest not in GENERIC:
                forms.add(rest)
        elif _COMPANY_END.search(text) and len(text) >= 6:
            for k in (2, 3, 4):
                brand = text[:k]
                if _CJK.match(brand) and not gazetteer.load().candidates(brand):
                    for tail in ("公司", "集团"):
                        forms.add(brand + tail)
    extra = []
    for form in sorted(forms, key=len, reverse=True):
        at = simp.find(form)
        while at != -1:
            end = at + len(form)
            if not any(taken[at:end]) and at in starts and (end in ends or simp[end:end + 1] in _SAFE_AFTER):
                taken[at:end] = b"\x01" * len(form)
                extra.append(_Cand(at, end, "org", 44))
            at = simp.find(form, end)
    return sorted([*chosen, *extra], key=lambda c: c.start)


# What may follow a short form that ends inside a word of the model's (达运公司生产线: 公司生 is
# no word, but the name ends before the noun it modifies).
_SAFE_AFTER = frozenset("生产的在是与和及、，。；：,")


def _link(body: str, simp: str, chosen: list[_Cand], context: set[str]) -> list[Mention]:
    """Mentions with keys: short forms and variants share their full form's key and name."""
    texts = [simp[c.start : c.end] for c in chosen]
    orgs = Counter(t for c, t in zip(chosen, texts) if c.type == "org")
    places = Counter(t for c, t in zip(chosen, texts) if c.type == "place")
    gaz = gazetteer.load()
    mentions = []
    for c, text in zip(chosen, texts):
        kind, name, key, path = c.type, c.name or text, c.key, c.path
        if kind in ("person", "place") and c.priority < 90 and c.name is None:
            # A name the model took for a person or place that begins an organisation named in
            # the article (华信 / 华信材料股份有限公司) is that organisation's short form.
            full = _longest_extension(text, orgs, company_only=True)
            if full:
                kind, name = "org", full
        if kind == "org":
            full = _longest_extension(text, orgs, company_only=True)
            if full:
                name = full
        elif kind == "place":
            if text in BARE_ZONES:
                # A bare 高新区 is a generic word standing for the article's zone, not a name
                # of its own (the gold lists named zones only): the named form carries the zone.
                continue
            elif path is None:
                # 江宁高新区 / 南京江宁高新区, 济南片区 / 山东自贸试验区济南片区: the longer form whose
                # extra head is a place is the same zone.
                for other in places:
                    if len(other) > len(text) and other.endswith(text) and gaz.candidates(
                        _split_places(other[: -len(text)])[0]
                    ):
                        name = other
                        break
                name = _expand_zone(name)
            if key is None:
                key, name, path = _place_link(name, context)
        name = name.strip()
        if key is None:
            key = f"{kind}:{name}"
        start, end = c.start, c.end
        # A span the model began or ended on a space: the mention is the name, not the space.
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        mentions.append(Mention(text=body[start:end], type=kind, start=start, end=end,
                                key=key, name=name, path=path))
    return mentions


def _place_link(name: str, context: set[str]) -> tuple[str | None, str, str | None]:
    """(key, name, path) of a place name no gazetteer step linked.

    A division's name, whichever step found it, is that division (one key per adcode, so 济南市
    is one entity). A zone, park or new area named after a place (济南高新区, 南京江宁高新区)
    hangs under that place's path, so a filter on the place includes it.
    """
    gaz = gazetteer.load()
    division = gaz.resolve(name, context)
    if division is not None and gaz.is_full_name(name):
        return f"place:{division.code}", division.name, gaz.path(division)
    zone = _ZONE_TAIL.search(name)
    if zone is None or zone.start() == 0:
        return None, name, None
    division = None
    for part in _division_run(name[: zone.start()]):
        found = gaz.resolve(part, context | ({division.code} if division else set()))
        if found is None:
            break
        division = found
    if division is None:
        return None, name, None
    return f"place:{name}", name, f"{gaz.path(division)}/{name}"


def _longest_extension(text: str, names: Counter, *, company_only: bool) -> str | None:
    best = None
    for other in names:
        if len(other) > len(text) and other.startswith(text) and not _ORG_END.search(text):
            if company_only and not other.endswith(("公司", "集团")):
                continue
            if best is None or len(other) > len(best):
                best = other
    return best


def _expand_zone(name: str) -> str:
    for short, full in ZONE_EQUIV.items():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name
