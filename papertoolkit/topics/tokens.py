"""Tokenise mixed Korean/English summaries: Kiwi nouns, Latin terms, stopwords."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ._common import _HANGUL_RUN

#: English function words and words every abstract uses; tokens are compared lower-cased.
STOPWORDS_EN = frozenset(
    """
    a about above across after again against all almost along also although always am among an
    and another any are around as at be because been before being below between both but by can
    cannot could did do does doing done down during each either else enough etc even ever every
    few for from further had has have having he her here hers him his how however i if in into
    is it its itself just least less like made make many may me might more most much must my
    neither no nor not now of off often on once one only onto or other others our ours out over
    own per rather same several she should since so some such than that the their theirs them
    then there these they this those though through thus to too toward towards under until up
    upon us use used uses using very via was we well were what when where whether which while
    who whom whose why will with within without would yet you your
    approach approaches based new novel paper propose proposed proposes method methods result
    results show shows work achieve achieves achieved state-of-the-art sota existing https http
    model models et al
    www github com io html arxiv org abs pdf huggingface co
    """.split()
)

#: Generic Korean nouns of research summaries (논문, 연구, 모델, 성능 ...): no topic signal.
STOPWORDS_KO = frozenset(
    """
    논문 연구 모델 방법 방법론 결과 성능 제안 접근 접근법 접근 방식 기존 실험 다양 향상 개선 기반
    사용 활용 문제 경우 가능 가능성 능력 작업 과제 효과 효과적 이번 최근 새로운 대한 통해 위해
    관련 기술 시스템 분야 과정 단계 수준 부분 측면 특징 특성 중요 주요 요소 역할 목표 목적 필요
    기법 방식 제시 도입 개발 설계 구성 구현 적용 평가 분석 비교 입증 증명 확인 보고 설명 소개
    연구진 저자 본문 공개 자료 링크 페이지 프로젝트 이상 이하 동안 정도 기존 여러 가지 모든
    각각 자체 사이 이후 이전 그것 이것 우리 해당 다른 같은 최초 최고 최신 대부분 일부 전체 전반
    범위 상당 크게 높은 낮은 우수 뛰어난 강력 경쟁력 효율 효율적 문제점 한계 한계점 도전 과제
    제공 포함 규모 달성 해결 최적 통합 처리 일반 수행 유지 추가 기록 정확 능가 결합 전략 실제 특정
    단일 성과 이용 첨단 선택 발전 지원 기능 설정 제한 최대 평균 의미 프레임워크 상호 작용 크기 유사
    광범위 실시 탐구 미래 영향 발표 혁신 극복 발휘 감소 요구 기본
    다음 각각 개로 접근방식 구성요소 도전과제 세부사항 요구사항 고려사항 사항 잠재력 가능성
    고려 수정 명시 즉시 주목 강조 반영 시사 포괄 등장 발생 구축 초래 진보 부각 직면 촉진
    효과성 유용성 중요성 우수성 다양성 효율성 최첨단 고품질 방법론적
    """.split()
)

_URL = re.compile(r"https?://\S+|www\.\S+")
_LATIN = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*(?:\+\+)?")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_KEEP_TAGS = frozenset({"NNG", "NNP"})
#: Derivational suffixes kept on the noun they follow (일관성, 시각화, 재현율, 대형); others
#: such as the plural 들 or the adjectival 적 end the noun.
_KEEP_SUFFIXES = frozenset({"성", "화", "율", "률", "도", "력", "형", "량", "감"})
#: Function-like nouns dropped at the edge of a compound (트랜스포머기반 -> 트랜스포머) and
#: on their own: they say how a term is used, not what it is about.
_EDGE_NOUNS_KO = frozenset(
    """
    기반 관련 중심 전용 기준 대상 이용 사용 활용 위주 다음 경우 전체 전반 각각 일부 여러 모든
    자체 해당 이상 이하 이전 이후 동안 사이 정도 가지
    """.split()
)
_USER_NOUNS = (
    "프레임워크", "데이터셋", "디퓨전", "제로샷", "퓨샷", "머신러닝", "딥러닝", "멀티모달",
)
#: Compounds the digests write with and without a space (미세 조정 / 미세조정): the spaced
#: form is joined before analysis so that both give one term.
SPACED_COMPOUNDS_KO = (
    "대형 언어 모델", "대규모 언어 모델", "언어 모델", "사전 훈련", "사전 학습", "미세 조정",
    "강화 학습", "지도 학습", "기계 학습", "오픈 소스", "다중 모달", "멀티 모달", "크로스 모달",
    "파인 튜닝", "자동 회귀", "자율 주행", "지연 시간", "질문 응답", "데이터 세트",
)
_SPACED_COMPOUND = re.compile(
    # the look-ahead on first letters lets the regex skip most positions quickly
    "(?=[" + "".join(sorted({c[0] for c in SPACED_COMPOUNDS_KO})) + "])"
    r"(?<![\uac00-\ud7a3])(?:"
    + "|".join(
        r"\s+".join(map(re.escape, c.split()))
        for c in sorted(SPACED_COMPOUNDS_KO, key=len, reverse=True)
    )
    + ")"
)
_EOJEOL_CACHE: dict[str, tuple[str, ...]] = {}
_EOJEOL_CACHE_MAX = 500_000


@lru_cache(maxsize=1)
def _kiwi():
    """The shared Kiwi analyser (loading it takes about a second, so it is built once)."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    for word in _USER_NOUNS:  # loanwords Kiwi would split (프레임워크 -> 프레임 + 워크)
        kiwi.add_user_word(word, "NNG")
    return kiwi


def _normalise_latin(token: str) -> str | None:
    if len(token) < 2 or not _LATIN_LETTER.search(token):
        return None
    parts = token.split("-")
    acronym = any(
        sum(c.isupper() for c in p) >= 2 or any(c.isupper() for c in p[1:]) for p in parts
    )
    if acronym:
        # LLMs -> LLM, NeRFs -> NeRF: fold the plural of an acronym
        if token.endswith("s") and len(token) > 2 and token[-2].isupper():
            token = token[:-1]
        return token
    token = token.lower()
    if token in STOPWORDS_EN:
        return None
    if (
        len(token) >= 4
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is", "ies", "as", "os", "ys"))
        and token[-2].isalpha()
    ):
        token = token[:-1]  # light plural folding: agents -> agent, images -> image
    return None if token in STOPWORDS_EN else token


def _korean_terms(analysed: Sequence[Any], offset: int = 0) -> tuple[str, ...]:
    """The content nouns of one analysed Hangul word (Kiwi tokens), compounds joined.

    Morphemes that touch each other (no space between them in the source) and are nouns
    (``NNG``/``NNP``), a prefix (``XPN``) before a noun, or a suffix of
    :data:`_KEEP_SUFFIXES` after one form one term: 미세+조정 -> 미세조정, 대+규모 -> 대규모,
    일관+성 -> 일관성. Function-like nouns (:data:`_EDGE_NOUNS_KO`) are cut from the ends of a
    compound; a single noun in :data:`STOPWORDS_KO` and one-syllable terms are dropped (a
    compound of generic nouns such as 언어모델 is kept). Tokens before *offset* (the ``"1"``
    put before a word that followed a number) are ignored, so counters such as 개, 명, 배
    never come out as nouns.
    """
    groups: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    end = -1
    for tok in analysed:
        if tok.start < offset:
            continue
        tag, form = tok.tag, tok.form
        touching = bool(current) and tok.start == end
        if tag in _KEEP_TAGS:
            if not (touching and current[-1][0] in ("noun", "prefix", "suffix")):
                if current:
                    groups.append(current)
                current = []
            current.append(("noun", form))
        elif tag == "XPN":
            if current:
                groups.append(current)
            current = [("prefix", form)]
        elif tag == "XSN" and form in _KEEP_SUFFIXES and touching and current[-1][0] == "noun":
            current.append(("suffix", form))
        else:
            if current:
                groups.append(current)
            current = []
        end = tok.start + tok.len
    if current:
        groups.append(current)
    out: list[str] = []
    for group in groups:
        while group and group[0][0] == "prefix" and (len(group) == 1 or group[1][0] != "noun"):
            group = group[1:]  # a prefix not followed by a noun
        nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        if not nouns:
            continue
        # cut function-like nouns (and what hangs on them) from both ends
        while nouns and group[nouns[0]][1] in _EDGE_NOUNS_KO:
            group = group[nouns[0] + 1 :]
            nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        while nouns and group[nouns[-1]][1] in _EDGE_NOUNS_KO:
            group = group[: nouns[-1]]
            nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        if not nouns:
            continue
        term = "".join(form for _, form in group)
        if len(term) < 2 or term in STOPWORDS_KO or term in _EDGE_NOUNS_KO:
            continue
        out.append(term)
    return tuple(out)


def _korean_nouns(words: Iterable[str]) -> None:
    """Analyse the not-yet-cached Korean words (eojeols) and cache their terms.

    A key starting with ``"1"`` is a Hangul word that followed a number in the text
    (``3개로`` -> ``"1개로"``): Kiwi sees the number, so the counter is tagged as one.
    """
    todo = sorted({w for w in words if w not in _EOJEOL_CACHE})
    if not todo:
        return
    if len(_EOJEOL_CACHE) + len(todo) > _EOJEOL_CACHE_MAX:
        _EOJEOL_CACHE.clear()
    for word, analysed in zip(todo, _kiwi().tokenize(todo), strict=True):
        _EOJEOL_CACHE[word] = _korean_terms(analysed, offset=1 if word[0] == "1" else 0)


def _split(text: str) -> list[tuple[str, str]]:
    """Split text into ("en", token) and ("ko", eojeol) pieces in reading order.

    A Hangul word glued to a preceding digit (``3개로``) becomes ``("ko", "1개로")``.
    """
    text = _URL.sub(" ", text or "")
    text = _SPACED_COMPOUND.sub(lambda m: "".join(m.group().split()), text)
    pieces: list[tuple[str, str]] = []
    pos = 0

    def hangul(segment: str, after_digit: bool) -> None:
        for m in _HANGUL_RUN.finditer(segment):
            glued = after_digit and m.start() == 0
            pieces.append(("ko", "1" + m.group() if glued else m.group()))

    prev_digit = False
    for m in _LATIN.finditer(text):
        hangul(text[pos : m.start()], prev_digit)
        pieces.append(("en", m.group()))
        prev_digit = m.group()[-1].isdigit()
        pos = m.end()
    hangul(text[pos:], prev_digit)
    return pieces


def _tokenize_many(texts: Sequence[str]) -> list[list[str]]:
    split = [_split(t) for t in texts]
    _korean_nouns(w for pieces in split for kind, w in pieces if kind == "ko")
    out = []
    for pieces in split:
        tokens: list[str] = []
        for kind, piece in pieces:
            if kind == "ko":
                tokens.extend(_EOJEOL_CACHE[piece])
            else:
                tok = _normalise_latin(piece)
                if tok is not None:
                    tokens.append(tok)
        out.append(tokens)
    return out


def tokenize(text: str) -> list[str]:
    """Split mixed Korean/English text into content terms, in reading order.

    Korean: the nouns (``NNG``/``NNP``, two characters or more) that kiwipiepy finds in each
    Hangul word, minus :data:`STOPWORDS_KO`. Latin script: whole tokens including inner
    hyphens and dots (``GPT-4o``, ``text-to-image``, ``Llama-3.1``); words with inner
    capitals or two capitals are kept as written (``LoRA``, ``LLM``; plural ``LLMs`` →
    ``LLM``), other words are lower-cased and lightly de-pluralised (``agents`` → ``agent``);
    :data:`STOPWORDS_EN`, URLs, numbers and one-letter tokens are dropped.

    Notes
    -----
    Each distinct Hangul word is analysed once and cached (the Kiwi analyser is loaded on
    first use, about a second), so tokenising a whole corpus takes seconds.

    Parameters
    ----------
    text : str
        Any text (a title, a summary).

    Returns
    -------
    list of str
        The terms, repeats included.

    Examples
    --------
    >>> tokenize("이 논문은 GPT-4o와 LoRA로 text-to-image 확산을 개선한다")
    ['GPT-4o', 'LoRA', 'text-to-image', '확산']
    """
    return _tokenize_many([text])[0]
