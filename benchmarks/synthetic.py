"""Realistic synthetic Daily Papers digests for scale tests and benchmarks.

The generator writes Markdown in the same shape as the Hugging Face "Daily Papers" digests
with Korean summaries: one ``YYYY-MM-DD.md`` file per weekday, a ``## Daily Papers (...)``
header and one ``### [title](https://arxiv.org/abs/...)`` block per paper with media, votes,
authors and 3-7 Korean bullets with English terms mixed in. Nothing is copied from the real
digests: titles and bullets are assembled from a combinatorial vocabulary and templates.

Structure that analyses can find again:

* **authors** come from a pool of unique names (Chinese, Korean, Japanese, Indian, European
  and other given/family name lists) organised in *labs*; a paper is written mostly by members
  of one lab, often with a recurring partner lab, plus a few outsiders, so the co-author graph
  has communities and author productivity is Zipf-like (a lab's PI is on most of its papers);
* **topics**: every lab works on one or two topics, whose vocabulary drives titles and bullets;
* **votes** are lognormal (median about 8, long tail); about 3 % of days have no ``Vote:``
  lines and about 0.6 % of papers show ``Vote: -``;
* **arXiv ids** ``YYMM.NNNNN`` are consistent with the digest date (submitted 1-10 days
  earlier) and unique within a corpus; about 2 % of papers reappear on a later day.

Everything is deterministic for a given seed (only :mod:`random` is used).

This is a developer tool, not part of the installed package: users analyse real digests and
never need 1,200 lines of name lists and templates in their environment. Benchmarks import it
as ``synthetic`` (scripts in ``benchmarks/`` have this folder on ``sys.path``); the tests add
the folder in ``tests/conftest.py``.

Examples
--------
>>> import random, datetime
>>> text = generate_digest(datetime.date(2024, 2, 16), random.Random(1), n_papers=3)
>>> text.splitlines()[0]
'## Daily Papers (2024-02-16)'
>>> text.count("\\n### ")
3
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import random
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

__all__ = ["World", "make_world", "generate_digest", "generate_corpus", "read_manifest"]

MANIFEST_NAME = "manifest.json"

# ----------------------------------------------------------------------------------------
# Name lists (given/family names are common public names; combinations are random)
# ----------------------------------------------------------------------------------------

_CN_FAMILY = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye "
    "Cheng Wei Su Lu Ding Ren Shen Yao Fan Jin Lei Qian Dai Fu Qin Shi Wen Kong Bai Cui Tan Xia "
    "Zou Meng Xiong Qiu Hou Ji Mao Wan Duan Hao Shao Yin Gu Yan Xue Fang Jia Ni Geng"
).split()
_CN_SYL1 = (
    "Yu Zhi Jia Xiao Hao Wei Jun Ming Yi Zi Xin Chen Rui Jing Hong Tian Yong Shu Qi Kai Lei Bo "
    "Peng Feng Yan Hui Lin Jie Cheng Zhen Si Wen Xu Han Meng Ze Ruo Shi Guang Long Jin Yun Ke Le"
).split()
_CN_SYL2 = (
    "xiang yuan hao wei jun ming yi han xin chen rui jie hui lin peng feng yang tao bin long "
    "qing yu zhe kai ning heng xuan fei lei jian dong ping yun tong zhou sheng hang ran yue an"
).split()
_KR_FAMILY = (
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong "
    "Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh"
).split()
_KR_SYL1 = (
    "Min Seung Ji Jae Hyun Sung Young Dong Joon Hye Soo Eun Kyung Jin Sang Woo Tae Chang Ho "
    "Yeon Da Se Ha Gyu Hyo"
).split()
_KR_SYL2 = (
    "jun hyun woo won ho min jin seok hoon yeon soo bin jae young eun ah kyu hwan sik gyu"
).split()
_JP_GIVEN = (
    "Takashi Yuki Kenta Haruto Sho Daiki Ryo Akira Naoki Hiroshi Kaito Yuto Sora Aoi Mei Hana "
    "Riku Koji Satoshi Tomoya Yusuke Kazuki Shun Taiki Ayumi Nao Rin Keisuke Masato Tatsuya"
).split()
_JP_FAMILY = (
    "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada "
    "Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori Ikeda Hashimoto Ishikawa "
    "Ogawa Okada Fujita Goto Kondo Murakami Endo"
).split()
_IN_GIVEN = (
    "Aditya Rahul Priya Ananya Arjun Rohan Sneha Vikram Karthik Neha Siddharth Ishaan Kavya "
    "Aman Pooja Varun Nikhil Shreya Abhinav Deepak Harsh Meera Sanjay Tanvi Yash Ritika Aarav "
    "Divya Gaurav Ankit"
).split()
_IN_FAMILY = (
    "Sharma Gupta Patel Singh Kumar Reddy Iyer Nair Rao Mehta Joshi Agarwal Chatterjee Banerjee "
    "Mukherjee Verma Mishra Pillai Desai Kapoor Malhotra Bhat Menon Saxena Srinivasan Krishnan "
    "Das Ghosh Sinha Jain D'Souza"
).split()
_EU_GIVEN = (
    "James John Michael David Daniel Thomas Matthew Andrew Christopher Alexander Benjamin "
    "Samuel Nicholas Jonathan William Emily Sarah Laura Anna Julia Sophie Emma Olivia Hannah "
    "Rachel Claire Maria Elena Sofia Chiara Luca Marco Giovanni Matteo Francesco Pierre Antoine "
    "Julien Nicolas Léonard François Hugo Mathilde Céline Juan Carlos José Pablo Diego Javier "
    "Lucía João André Pedro Tiago Hans Lukas Jonas Felix Maximilian Björn Sören Jürgen "
    "Katharina Lena Jan Piotr Łukasz Tomasz Agnieszka Ivan Dmitry Sergey Alexei Natalia Olga "
    "Erik Lars Anders Ingrid Mikko Noah Ethan Ryan Kevin Brian Jason Eric Adam Mark Peter Paul "
    "Stefan Martin Oliver Jack Harry George Amelia Grace Chloe Isabel Nora Ruth Alice Victor "
    "Simon Tobias Florian Sebastian Yann Quentin Margaux Zoé Greta Niklas Emil Astrid Timo"
).split()
_EU_FAMILY = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
    "Jackson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green "
    "Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards "
    "Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly "
    "Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long "
    "Ross Foster Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Schröder Neumann Zimmermann Braun Krüger Hofmann Hartmann Lange Werner "
    "Krause Lehmann Köhler Dubois Lefèvre Moreau Laurent Michel Garcia Martínez Rodríguez "
    "López González Pérez Sánchez Ramírez Torres Flores Rossi Russo Ferrari Esposito Bianchi "
    "Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Silva Santos Oliveira Pereira "
    "Almeida Kowalski Nowak Wiśniewski Ivanov Petrov Smirnov Volkov Kuznetsov Novak Andersson "
    "Johansson Nilsson Larsen Hansen Jensen Nielsen Virtanen Korhonen O'Brien O'Connor Janssen "
    "Peeters"
).split() + ["De Luca", "van Dijk", "De Vries", "Van der Berg"]
_ME_GIVEN = (
    "Mohammad Ahmed Omar Ali Hassan Fatima Layla Reza Amir Sara Mehmet Emre Ayşe Yusuf Zeynep "
    "Dina Karim Nour Hamid Elif"
).split()
_ME_FAMILY = (
    "Hassan Ali Khan Ahmadi Hosseini Rahimi Karimi Yilmaz Kaya Demir Öztürk Abdullah Haddad "
    "Farouk Mansour Saleh"
).split()
_VN_GIVEN = "Minh Thanh Huy Linh Duc Anh Quang Tuan Hieu Trang Khoa Nam".split()
_VN_FAMILY = "Nguyen Tran Le Pham Hoang Vu Bui Do Dang Ngo".split()

_CULTURES = ("cn", "en", "kr", "in", "jp", "ot")
_CULTURE_WEIGHTS = (0.46, 0.29, 0.08, 0.07, 0.04, 0.06)


def _make_name(culture: str, rng: random.Random) -> str:
    """One random full name of the given culture (not necessarily unique)."""
    c = rng.choice
    if culture == "cn":
        given = c(_CN_SYL1) + (c(_CN_SYL2) if rng.random() < 0.88 else "")
        return f"{given} {c(_CN_FAMILY)}"
    if culture == "kr":
        a, b = c(_KR_SYL1), c(_KR_SYL2)
        given = f"{a}-{b.capitalize()}" if rng.random() < 0.25 else a + b
        return f"{given} {c(_KR_FAMILY)}"
    if culture == "jp":
        return f"{c(_JP_GIVEN)} {c(_JP_FAMILY)}"
    if culture == "in":
        return f"{c(_IN_GIVEN)} {c(_IN_FAMILY)}"
    if culture == "ot":
        if rng.random() < 0.6:
            return f"{c(_ME_GIVEN)} {c(_ME_FAMILY)}"
        return f"{c(_VN_GIVEN)} {c(_VN_FAMILY)}"
    given = c(_EU_GIVEN)
    if rng.random() < 0.12:
        given += f" {c(string.ascii_uppercase)}."
    return f"{given} {c(_EU_FAMILY)}"


# ----------------------------------------------------------------------------------------
# Topic vocabulary: English title words and (Korean, English) term pairs for the bullets
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Topic:
    key: str
    tasks: tuple[str, ...]  # English task phrases used in titles
    techs: tuple[str, ...]  # English technique phrases used in titles
    objects: tuple[str, ...]  # English "what" phrases used in titles
    name_parts: tuple[str, ...]  # second halves of coined method names
    terms: tuple[tuple[str, str], ...]  # (Korean, English) pairs for bullets
    task_ko: tuple[str, ...]  # Korean task phrases for bullets
    benches: tuple[str, ...]
    baselines: tuple[str, ...]


def _t(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split(";") if x.strip())


def _pairs(s: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in _t(s):
        ko, en = item.split("=")
        out.append((ko.strip(), en.strip()))
    return tuple(out)


_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        "reasoning",
        _t("Mathematical Reasoning; Multi-Step Reasoning; Logical Inference; Theorem Proving; "
           "Math Word Problems; Commonsense Reasoning; Long Chain-of-Thought Reasoning"),
        _t("Reinforcement Learning; Process Reward Models; Self-Verification; Test-Time Scaling; "
           "Chain-of-Thought Distillation; Tree Search; Curriculum Sampling"),
        _t("Large Language Models; Small Language Models; Reasoning Traces; Reward Models; "
           "Policy Models"),
        _t("Reason; Think; Math; Prover; R1; Solver; Logic"),
        _pairs("강화 학습=Reinforcement Learning; 사고의 사슬=Chain-of-Thought; "
               "보상 모델=Reward Model; 과정 보상 모델=Process Reward Model; "
               "테스트 시점 확장=Test-Time Scaling; 자기 검증=Self-Verification; "
               "추론 경로=Reasoning Path; 정책 최적화=Policy Optimization; "
               "몬테카를로 트리 탐색=Monte Carlo Tree Search; 지식 증류=Knowledge Distillation; "
               "검증 가능한 보상=Verifiable Rewards; 다수결 투표=Majority Voting"),
        _t("수학적 추론; 다단계 추론; 논리적 추론; 정리 증명; 복잡한 문제 해결"),
        _t("GSM8K; MATH-500; AIME 2024; OlympiadBench; ARC-Challenge; LogicBench-X"),
        _t("GPT-4o; Qwen2.5-Math-7B; Llama-3.1-8B; DeepSeek-R1; o1-mini"),
    ),
    _Topic(
        "alignment",
        _t("Preference Alignment; Instruction Following; Helpfulness and Harmlessness; "
           "Reward Hacking Mitigation; Value Alignment"),
        _t("Direct Preference Optimization; RLHF; Self-Rewarding; Constitutional Feedback; "
           "Preference Data Synthesis; Iterative Fine-Tuning"),
        _t("Language Models; Chat Assistants; Preference Datasets; Reward Signals"),
        _t("Align; Pref; Reward; Tune; Judge"),
        _pairs("인간 피드백 기반 강화 학습=Reinforcement Learning from Human Feedback; "
               "직접 선호 최적화=Direct Preference Optimization; 선호도 데이터=Preference Data; "
               "지시 튜닝=Instruction Tuning; 보상 해킹=Reward Hacking; "
               "지도 미세 조정=Supervised Fine-Tuning; 정렬=Alignment; "
               "평가자 모델=Judge Model; 안전성=Safety; 과잉 거부=Over-Refusal"),
        _t("모델 정렬; 지시 따르기; 안전한 응답 생성; 선호도 학습"),
        _t("AlpacaEval 2.0; MT-Bench; Arena-Hard; IFEval; HarmBench"),
        _t("GPT-4-Turbo; Llama-3-70B-Instruct; Mistral-7B-Instruct; Zephyr-7B"),
    ),
    _Topic(
        "agents",
        _t("Web Navigation; Tool Use; Computer Control; Long-Horizon Planning; "
           "Multi-Agent Collaboration; GUI Automation"),
        _t("Self-Reflection; Hierarchical Planning; Memory Retrieval; Trajectory Synthesis; "
           "Environment Feedback; Role Playing"),
        _t("LLM Agents; Autonomous Agents; Multi-Agent Systems; GUI Agents; Tool-Augmented Models"),
        _t("Agent; Act; Nav; Pilot; Operator; Crew"),
        _pairs("에이전트=Agent; 도구 사용=Tool Use; 계획 수립=Planning; "
               "장기 기억=Long-Term Memory; 자기 반성=Self-Reflection; "
               "다중 에이전트 협업=Multi-Agent Collaboration; 행동 궤적=Action Trajectory; "
               "그래픽 사용자 인터페이스=GUI; 환경 피드백=Environment Feedback; "
               "함수 호출=Function Calling"),
        _t("웹 탐색; 도구 활용; 컴퓨터 제어; 장기 과제 수행; 협업 문제 해결"),
        _t("WebArena; OSWorld; SWE-bench Verified; GAIA; AgentBench; ToolBench"),
        _t("GPT-4o; Claude 3.5 Sonnet; Qwen2-VL-72B; Llama-3.1-70B"),
    ),
    _Topic(
        "code",
        _t("Code Generation; Program Repair; Repository-Level Completion; Code Review; "
           "Software Engineering Tasks; Test Generation"),
        _t("Execution Feedback; Instruction Synthesis; Unit Test Rewards; Static Analysis; "
           "Retrieval-Augmented Decoding"),
        _t("Code LLMs; Programming Assistants; Software Agents; Code Corpora"),
        _t("Coder; Code; Dev; Patch; Repo; Compile"),
        _pairs("코드 생성=Code Generation; 실행 피드백=Execution Feedback; "
               "단위 테스트=Unit Test; 저장소 수준 문맥=Repository-Level Context; "
               "프로그램 수리=Program Repair; 정적 분석=Static Analysis; "
               "코드 대규모 언어 모델=Code LLM; 합성 지시 데이터=Synthetic Instruction Data"),
        _t("코드 생성; 버그 수정; 코드 완성; 소프트웨어 개발 자동화"),
        _t("HumanEval+; MBPP; LiveCodeBench; SWE-bench Lite; BigCodeBench"),
        _t("StarCoder2-15B; CodeLlama-34B; DeepSeek-Coder-V2; GPT-4o"),
    ),
    _Topic(
        "multimodal",
        _t("Visual Question Answering; Document Understanding; Visual Grounding; "
           "Chart Reasoning; Video Understanding; Multimodal Reasoning"),
        _t("Visual Instruction Tuning; Token Compression; Dynamic Resolution; Cross-Modal "
           "Alignment; Vision Encoder Mixing"),
        _t("Vision-Language Models; Multimodal LLMs; Visual Tokens; Image-Text Pairs"),
        _t("VL; Vision; Eye; Lens; Sight; LLaVA"),
        _pairs("비전-언어 모델=Vision-Language Model; 멀티모달 대규모 언어 모델=MLLM; "
               "시각 토큰=Visual Token; 시각적 지시 튜닝=Visual Instruction Tuning; "
               "이미지 인코더=Image Encoder; 교차 모달 정렬=Cross-Modal Alignment; "
               "환각=Hallucination; 고해상도 입력=High-Resolution Input; "
               "문서 이해=Document Understanding; 시각적 근거화=Visual Grounding"),
        _t("시각 질의응답; 문서 이해; 차트 해석; 비디오 이해; 멀티모달 추론"),
        _t("MMMU; MathVista; DocVQA; ChartQA; Video-MME; MMBench"),
        _t("LLaVA-1.5-13B; Qwen2-VL-7B; InternVL2-8B; GPT-4V"),
    ),
    _Topic(
        "image",
        _t("Text-to-Image Generation; Image Editing; Subject-Driven Generation; "
           "Image Super-Resolution; Layout-to-Image Synthesis; Style Transfer"),
        _t("Diffusion Models; Flow Matching; Attention Control; Consistency Distillation; "
           "Classifier-Free Guidance; Latent Upsampling"),
        _t("Diffusion Transformers; Text-to-Image Models; Latent Diffusion Models; Visual "
           "Tokenizers"),
        _t("Diff; Paint; Edit; Dream; Pixel; Canvas; Style"),
        _pairs("확산 모델=Diffusion Model; 잠재 공간=Latent Space; 흐름 매칭=Flow Matching; "
               "분류기 없는 가이던스=Classifier-Free Guidance; 교차 주의=Cross-Attention; "
               "이미지 편집=Image Editing; 일관성 증류=Consistency Distillation; "
               "노이즈 스케줄=Noise Schedule; 텍스트 인코더=Text Encoder; "
               "개인화 생성=Personalized Generation"),
        _t("텍스트-이미지 생성; 이미지 편집; 개인화 이미지 생성; 고해상도 이미지 합성"),
        _t("GenEval; T2I-CompBench; DrawBench; COCO-30K FID; DPG-Bench"),
        _t("SDXL; Stable Diffusion 3; PixArt-Sigma; FLUX.1-dev; DALL-E 3"),
    ),
    _Topic(
        "video",
        _t("Text-to-Video Generation; Video Editing; Image Animation; Camera Control; "
           "Long Video Synthesis; Talking Head Generation"),
        _t("Temporal Attention; Motion Priors; Spatio-Temporal Diffusion; Frame Interpolation; "
           "Causal Video Tokenizers"),
        _t("Video Diffusion Models; Video Generators; World Models; Motion Trajectories"),
        _t("Video; Motion; Anim; Cam; Clip; Frame"),
        _pairs("비디오 확산 모델=Video Diffusion Model; 시간적 일관성=Temporal Consistency; "
               "움직임 제어=Motion Control; 카메라 궤적=Camera Trajectory; "
               "프레임 보간=Frame Interpolation; 시공간 주의=Spatio-Temporal Attention; "
               "월드 모델=World Model; 이미지-비디오 생성=Image-to-Video Generation"),
        _t("텍스트-비디오 생성; 비디오 편집; 이미지 애니메이션; 장편 비디오 생성"),
        _t("VBench; UCF-101 FVD; EvalCrafter; MSR-VTT"),
        _t("Stable Video Diffusion; CogVideoX-5B; AnimateDiff; Gen-2"),
    ),
    _Topic(
        "3d",
        _t("Text-to-3D Generation; Novel View Synthesis; 3D Reconstruction; Scene Generation; "
           "Avatar Creation; 4D Dynamic Scenes"),
        _t("3D Gaussian Splatting; Neural Radiance Fields; Score Distillation; Multi-View "
           "Diffusion; Mesh Extraction"),
        _t("3D Assets; Gaussian Primitives; Radiance Fields; Multi-View Images"),
        _t("3D; Splat; Gauss; Mesh; Scene; NeRF; Recon"),
        _pairs("3차원 가우시안 스플래팅=3D Gaussian Splatting; 신경 방사장=NeRF; "
               "점수 증류 샘플링=Score Distillation Sampling; 다중 시점 일관성=Multi-View "
               "Consistency; 메쉬=Mesh; 새로운 시점 합성=Novel View Synthesis; "
               "깊이 추정=Depth Estimation; 텍스처 생성=Texture Generation"),
        _t("3D 생성; 새로운 시점 합성; 3D 재구성; 장면 생성"),
        _t("Objaverse; GSO; Mip-NeRF 360; DTU; ScanNet++"),
        _t("DreamFusion; Zero123++; LRM; InstantMesh"),
    ),
    _Topic(
        "robotics",
        _t("Robot Manipulation; Embodied Navigation; Humanoid Locomotion; Dexterous Grasping; "
           "Imitation Learning; Sim-to-Real Transfer"),
        _t("Vision-Language-Action Models; Diffusion Policies; Teleoperation Data; Reward "
           "Shaping; Domain Randomization"),
        _t("Robot Policies; Embodied Agents; Humanoid Robots; Manipulators"),
        _t("Bot; Robo; Grasp; Walk; Hand; Act"),
        _pairs("모방 학습=Imitation Learning; 확산 정책=Diffusion Policy; "
               "시뮬레이션-실제 전이=Sim-to-Real Transfer; 원격 조작=Teleoperation; "
               "비전-언어-행동 모델=Vision-Language-Action Model; 보상 설계=Reward Shaping; "
               "도메인 무작위화=Domain Randomization; 조작 정책=Manipulation Policy"),
        _t("로봇 조작; 체화된 내비게이션; 휴머노이드 보행; 정밀 파지"),
        _t("LIBERO; CALVIN; Meta-World; RLBench; SimplerEnv"),
        _t("RT-2; OpenVLA; Octo; Diffusion Policy"),
    ),
    _Topic(
        "speech",
        _t("Speech Recognition; Text-to-Speech; Voice Conversion; Music Generation; "
           "Spoken Dialogue; Audio Captioning"),
        _t("Neural Codecs; Flow Matching; Discrete Speech Tokens; Masked Generative Modeling; "
           "Self-Supervised Pretraining"),
        _t("Speech Language Models; Audio Tokenizers; TTS Systems; Audio-Language Models"),
        _t("Voice; Audio; Speech; Sing; Sound; Codec"),
        _pairs("음성 인식=Speech Recognition; 음성 합성=Text-to-Speech; "
               "신경 오디오 코덱=Neural Audio Codec; 화자 유사도=Speaker Similarity; "
               "이산 토큰=Discrete Token; 제로샷 음성 복제=Zero-Shot Voice Cloning; "
               "음악 생성=Music Generation; 자기 지도 학습=Self-Supervised Learning"),
        _t("음성 인식; 음성 합성; 음악 생성; 음성 대화"),
        _t("LibriSpeech; LibriTTS; MusicCaps; AudioCaps; Seed-TTS-Eval"),
        _t("Whisper-large-v3; VALL-E; MusicGen; CosyVoice"),
    ),
    _Topic(
        "efficiency",
        _t("Efficient Inference; Long-Context Modeling; Model Compression; KV Cache "
           "Reduction; Low-Bit Quantization; Mixture-of-Experts Training"),
        _t("Sparse Attention; Speculative Decoding; Post-Training Quantization; Low-Rank "
           "Adaptation; Linear Attention; Structured Pruning"),
        _t("Transformers; State Space Models; Mixture-of-Experts Models; KV Caches"),
        _t("Quant; Sparse; Fast; Lite; MoE; Cache; Mamba"),
        _pairs("양자화=Quantization; 지식 증류=Knowledge Distillation; "
               "희소 주의=Sparse Attention; 추측 디코딩=Speculative Decoding; "
               "저랭크 적응=Low-Rank Adaptation; KV 캐시=KV Cache; "
               "전문가 혼합=Mixture-of-Experts; 상태 공간 모델=State Space Model; "
               "가지치기=Pruning; 처리량=Throughput"),
        _t("효율적인 추론; 긴 문맥 처리; 모델 압축; 메모리 절감"),
        _t("LongBench; RULER; Needle-in-a-Haystack; WikiText-2 perplexity; MMLU"),
        _t("Llama-2-7B; Mistral-7B; Mixtral-8x7B; FlashAttention-2"),
    ),
    _Topic(
        "rag",
        _t("Retrieval-Augmented Generation; Open-Domain Question Answering; Fact Verification; "
           "Knowledge Editing; Dense Retrieval"),
        _t("Query Rewriting; Re-Ranking; Graph-Based Retrieval; Contrastive Embedding "
           "Training; Context Compression"),
        _t("Retrievers; Embedding Models; Knowledge Graphs; Long Documents"),
        _t("RAG; Retriever; Search; Graph; Embed; Know"),
        _pairs("검색 증강 생성=Retrieval-Augmented Generation; 밀집 검색=Dense Retrieval; "
               "재순위화=Re-Ranking; 지식 그래프=Knowledge Graph; "
               "대조 학습=Contrastive Learning; 임베딩 모델=Embedding Model; "
               "쿼리 재작성=Query Rewriting; 사실성=Factuality"),
        _t("질의응답; 사실 검증; 지식 집약적 과제; 정보 검색"),
        _t("Natural Questions; HotpotQA; MTEB; BEIR; TriviaQA"),
        _t("ColBERTv2; BM25; E5-Mistral-7B; Self-RAG"),
    ),
    _Topic(
        "evaluation",
        _t("LLM Evaluation; Multilingual Understanding; Cultural Knowledge; Long-Form "
           "Factuality; Scientific Discovery"),
        _t("Human Annotation; LLM-as-a-Judge; Contamination Detection; Synthetic Data "
           "Generation; Scaling Laws"),
        _t("Benchmarks; Leaderboards; Foundation Models; Open-Weight Models"),
        _t("Bench; Eval; Arena; Test; Exam"),
        _pairs("벤치마크=Benchmark; 데이터 오염=Data Contamination; 평가 지표=Evaluation "
               "Metric; 인간 평가=Human Evaluation; 스케일링 법칙=Scaling Laws; "
               "다국어=Multilingual; 합성 데이터=Synthetic Data; 사전 학습=Pre-training"),
        _t("모델 평가; 다국어 이해; 과학적 발견; 사실성 평가"),
        _t("MMLU-Pro; GPQA Diamond; HELM; KMMLU; BIG-Bench Hard"),
        _t("GPT-4o; Claude 3 Opus; Gemini 1.5 Pro; Llama-3.1-405B"),
    ),
)

_ADJ = _t(
    "Efficient; Scalable; Robust; Unified; Adaptive; Hierarchical; Training-Free; "
    "Self-Supervised; Multi-Scale; Controllable; Zero-Shot; Few-Shot; Lightweight; "
    "Generalizable; Interpretable; Long-Horizon; Fine-Grained; Sparse; Dynamic; Progressive; "
    "Open-Vocabulary; Compositional; Consistent; Faithful; Data-Efficient; Open"
)
_GERUND = _t(
    "Scaling; Aligning; Distilling; Grounding; Rethinking; Unlocking; Boosting; Steering; "
    "Compressing; Benchmarking; Evaluating; Bridging; Accelerating; Teaching; Probing; "
    "Revisiting; Enhancing; Decoupling"
)
_PROPERTY = _t("Limits; Robustness; Emergence; Role; Geometry; Brittleness; Transferability")
_NAME_PREFIX = _t(
    "Neo; Lumi; Astra; Cogni; Vista; Omni; Hydra; Flux; Quill; Mira; Echo; Nova; Aria; Poly; "
    "Hexa; Tera; Zeta; Orion; Lyra; Kairos; Atlas; Helix; Prism; Sigma; Magi; Ember; Tidal; "
    "Mosaic; Argo; Vega; Cosmo; Pico; Uni; Hyper; Open; Deep; Insta; Any; Meta; Chrono"
)
_NAME_SUFFIX = ("", "", "", "", "", "", "-R1", "-7B", "-V2", "2", "++", "-Zero", "-X",
                "-Lite", "-Pro", "-1.5")
_GENERIC_TERMS = _pairs(
    "트랜스포머=Transformer; 사전 학습 모델=Pretrained Model; 미세 조정=Fine-Tuning; "
    "주의 메커니즘=Attention Mechanism; 표현 학습=Representation Learning; "
    "일반화 성능=Generalization; 계산 비용=Computational Cost; 데이터 효율성=Data Efficiency; "
    "제로샷 학습=Zero-Shot Learning; 대규모 언어 모델=Large Language Models; "
    "인코더-디코더 구조=Encoder-Decoder Architecture; 손실 함수=Loss Function"
)

# Korean sentence templates; slots: {n}=method name, {t1..t3}=terms, {task}=Korean task,
# {b}=benchmark, {base}=baseline, {x}/{y}=percentages, {k}=speed-up, {m}=dataset size.
# Josa after a slot is written as {n:은는} etc. and resolved by _fill.
_PROBLEM = _t(
    "{t1} 기반 접근법은 {task} 분야에서 좋은 성과를 보였지만, {t2}에 대한 의존성 때문에 실제 "
    "환경에 적용하기 어렵다는 한계가 있습니다.;"
    "기존 {t1} 연구들은 대부분 {t2}에 의존해 왔기 때문에 학습 비용이 크고 확장성이 떨어집니다.;"
    "최근 {t1}{t1:이가} 빠르게 발전하고 있으나, {task}에 대한 체계적인 분석은 아직 부족한 "
    "실정입니다.;"
    "{task}에서는 {t1}{t1:과와} {t2} 사이의 균형을 맞추는 것이 핵심 과제로 남아 있습니다.;"
    "많은 모델이 {t1}{t1:을를} 사용하지만, 긴 입력이나 복잡한 조건에서는 성능이 급격히 "
    "떨어지는 문제가 관찰됩니다.;"
    "{task} 과제는 정답 데이터를 구하기 어렵고 평가 기준도 모호하여 연구가 더디게 "
    "진행되었습니다."
)
_METHOD = _t(
    "이 논문은 {t1}{t1:과와} {t2}{t2:을를} 결합한 새로운 프레임워크 {n}{n:을를} 제안합니다.;"
    "연구진은 {task} 성능을 높이기 위해 {t1}{t1:을를} 활용하는 간단하면서도 효과적인 방법인 "
    "{n}{n:을를} 소개합니다.;"
    "본 연구에서는 {t1}{t1:을를} 별도의 추가 학습 없이 적용할 수 있는 {n}{n:을를} "
    "제시합니다.;"
    "{n}{n:은는} {t1}{t1:과와} {t2}{t2:을를} 하나의 모델 안에서 통합적으로 다루는 "
    "첫 번째 시도입니다.;"
    "저자들은 {task}{task:을를} 위한 대규모 데이터셋과 함께 {t1} 기반의 기준 모델 "
    "{n}{n:을를} 공개합니다.;"
    "{n}{n:은는} {t2}{t2:을를} 단계적으로 개선하는 방식으로 {task} 문제를 해결합니다."
)
_DETAIL = _t(
    "{n}{n:은는} 먼저 {t1}{t1:을를} 통해 입력을 압축한 뒤, {t2} 단계에서 세부 정보를 "
    "복원합니다.;"
    "학습은 약 {m}개의 샘플로 구성된 데이터에서 {t1} 방식으로 진행되며, 이후 {t3}{t3:을를} "
    "적용해 안정성을 높입니다.;"
    "핵심 아이디어는 {t2}{t2:을를} 보조 신호로 사용하여 {t1}의 탐색 공간을 줄이는 것입니다.;"
    "모델 구조는 {t3}{t3:을를} 기반으로 하며, 추가 파라미터는 전체의 {y}% 미만입니다.;"
    "저자들은 {t1}{t1:과와} {t2}의 상호작용을 분석하기 위해 여러 가지 절제 실험"
    "(ablation study)을 수행했습니다.;"
    "데이터 구축 과정에서는 자동 필터링과 사람 검수를 함께 사용하여 품질을 관리했습니다.;"
    "추론 시에는 {t2}{t2:을를} 동적으로 조절하여 계산량과 정확도 사이의 균형을 맞춥니다.;"
    "{n}{n:은는} {t3} 모듈과 {t1} 모듈을 분리해 각각 독립적으로 최적화할 수 있게 설계되었습니다."
)
_RESULT = _t(
    "{b} 벤치마크에서 {n}{n:은는} 기존 최고 성능 모델보다 {x}% 높은 점수를 기록했습니다.;"
    "실험 결과, {n}{n:은는} {base} 대비 {k}배 빠른 추론 속도를 보이면서도 비슷한 정확도를 "
    "유지했습니다.;"
    "{b}{b:과와} {b2}에서 모두 {base}{base:을를} 능가하는 성능을 달성했습니다.;"
    "특히 7B 규모의 작은 모델로도 {base}에 근접한 결과를 얻어 효율성을 입증했습니다.;"
    "사람 평가에서도 {n}의 결과물이 {x}%의 경우 더 선호되는 것으로 나타났습니다.;"
    "{b}에서 정확도가 {y}%에서 {x2}%로 향상되어 제안 방법의 효과가 확인되었습니다."
)
_CONCLUSION = _t(
    "이 연구는 {task} 분야에서 {t1}의 가능성을 보여주며 향후 연구 방향을 제시합니다.;"
    "저자들은 {n}{n:이가} 다양한 도메인으로 쉽게 확장될 수 있을 것으로 기대합니다.;"
    "다만 {t2}{t2:이가} 부족한 환경에서는 성능 향상이 제한적이라는 한계도 함께 논의됩니다.;"
    "이러한 결과는 {t1}{t1:이가} {task}의 핵심 요소임을 시사합니다."
)
_LINK = _t(
    "코드와 모델 가중치는 {url} 에서 공개되어 있습니다.;"
    "자세한 내용과 데모는 프로젝트 페이지({url})에서 확인할 수 있습니다.;"
    "모든 데이터와 구현은 {url}에서 이용 가능합니다.;"
    "관련 자료는 [GitHub]({url})를 통해 제공됩니다."
)
_NEST_INTRO = _t(
    "{n}의 주요 구성 요소는 다음과 같습니다:;"
    "논문의 주요 기여는 세 가지로 요약됩니다:;"
    "제안 방법은 다음 단계로 이루어집니다:"
)
_NEST_ITEM = _t(
    "{t1}{t1:을를} 이용한 입력 표현 개선;"
    "{t2} 기반의 효율적인 학습 전략;"
    "{task}{task:을를} 위한 새로운 평가 프로토콜;"
    "{t3}{t3:과와} 결합된 후처리 단계;"
    "대규모 합성 데이터 생성 파이프라인"
)
_LABELS = ("What's New", "Technical Details", "Performance Highlights")

_PLAIN_ENDINGS = (("합니다.", "한다."), ("입니다.", "이다."), ("됩니다.", "된다."),
                  ("습니다.", "다."), ("줍니다.", "준다."), ("춥니다.", "춘다."))

# ----------------------------------------------------------------------------------------
# Korean particle choice (은/는, 이/가, 을/를, 과/와) after Hangul or Latin words
# ----------------------------------------------------------------------------------------

_DIGIT_BATCHIM = {"0": True, "1": True, "3": True, "6": True, "7": True, "8": True}


def _has_batchim(word: str) -> bool:
    if word.endswith(")") and "(" in word:  # "한국어(English)": the Korean word decides
        word = word[: word.rindex("(")]
    word = word.rstrip(" )]'\"")
    if not word:
        return False
    ch = word[-1]
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch.isdigit():
        return _DIGIT_BATCHIM.get(ch, False)
    if ch.isupper():  # acronyms are read letter by letter: L(엘) M(엠) N(엔) R(알)
        return ch in "LMNR"
    low = word.lower()  # loanwords: -l, -m, -n, -ng, -ck, -ic keep a final consonant
    return low[-1] in "lmn" or low.endswith(("ng", "ck", "ic", "ok", "ook"))


def _josa(word: str, pair: str) -> str:
    return pair[0] if _has_batchim(word) else pair[1]


# ----------------------------------------------------------------------------------------
# The world: author pool, labs, topics
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lab:
    members: tuple[int, ...]  # author indices; members[0] is the PI
    member_cum: tuple[float, ...]
    topics: tuple[int, ...]
    partners: tuple[int, ...]
    org: str
    born: int  # first active epoch (relative)
    dies: int  # last active epoch (relative)


@dataclass(frozen=True)
class World:
    """Persistent state shared by all days of a synthetic corpus.

    Build it with :func:`make_world`. It holds the unique author names, the labs (groups of
    authors who publish together, with a PI, topics and partner labs) and the sampling weights.

    Examples
    --------
    >>> w = make_world(500, seed=3)
    >>> len(w.authors), len(set(w.authors))
    (500, 500)
    """

    authors: tuple[str, ...]
    labs: tuple[_Lab, ...]
    author_cum: tuple[float, ...]
    lab_weight: tuple[float, ...]
    epoch0: int  # ordinal // EPOCH_DAYS of the world's start date
    _lab_cum_cache: dict = field(default_factory=dict, compare=False, repr=False)

    EPOCH_DAYS = 30

    def lab_cum(self, date: _dt.date) -> list[float]:
        """Cumulative lab weights for *date* (labs outside their active window fade out)."""
        ep = date.toordinal() // self.EPOCH_DAYS - self.epoch0
        cum = self._lab_cum_cache.get(ep)
        if cum is None:
            ws = [w if lab.born <= ep <= lab.dies else w * 0.03
                  for w, lab in zip(self.lab_weight, self.labs, strict=True)]
            cum = list(accumulate(ws))
            self._lab_cum_cache[ep] = cum
        return cum


def _zipf_cum(n: int, s: float, offset: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (i + offset) ** s for i in range(n)))


@lru_cache(maxsize=8)
def make_world(n_authors: int = 20000, seed: int = 0, start: str = "2024-01-01",
               n_days: int = 1000) -> World:
    """Build the author pool and lab structure of a synthetic corpus.

    Parameters
    ----------
    n_authors : int
        Size of the author pool (all names unique). About a third to a half of the pool
        appears in a corpus, depending on its length.
    seed : int
        Random seed; the same arguments always give the same world (results are cached).
    start, n_days : str, int
        Period (``n_days`` weekdays from ``start``) over which labs start and stop publishing.

    Returns
    -------
    World

    Examples
    --------
    >>> w = make_world(300, seed=1)
    >>> sum(len(lab.members) for lab in w.labs) >= 300
    True
    """
    if n_authors < 10:
        raise ValueError(f"n_authors must be at least 10, got {n_authors}")
    rng = random.Random(f"papertoolkit-world-{seed}-{n_authors}")
    # unique names, grouped by culture so labs can be culturally coherent
    seen: set[str] = set()
    by_culture: dict[str, list[int]] = {c: [] for c in _CULTURES}
    names: list[str] = []
    cultures = rng.choices(_CULTURES, weights=_CULTURE_WEIGHTS, k=n_authors)
    for cult in cultures:
        for attempt in range(40):
            use = cult if attempt < 20 else ("cn" if attempt < 30 else "en")
            name = _make_name(use, rng)
            if attempt >= 30 and name in seen:
                name = name.replace(" ", f" {rng.choice(string.ascii_uppercase)}. ", 1)
            if name not in seen:
                break
        else:  # pragma: no cover - astronomically unlikely with these list sizes
            name = f"Author {len(names)}"
        seen.add(name)
        by_culture[use].append(len(names))
        names.append(name)

    # labs: culturally mixed groups of lognormal size; PI first
    pools = {c: rng.sample(v, len(v)) for c, v in by_culture.items()}
    flat = [i for c in _CULTURES for i in pools[c]]  # grouped by culture
    # light shuffle: swap 20 % of positions so labs are mostly but not purely one culture
    for _ in range(len(flat) // 5):
        a, b = rng.randrange(len(flat)), rng.randrange(len(flat))
        flat[a], flat[b] = flat[b], flat[a]
    sizes = []
    total = 0
    while total < len(flat):
        s = max(3, min(80, round(rng.lognormvariate(math.log(9), 0.6))))
        sizes.append(s)
        total += s
    n_labs = len(sizes)
    n_epochs = max(2, n_days * 7 // 5 // World.EPOCH_DAYS + 1)
    org_words = _t("ai; ml; nlp; vision; lab; research; group; intelligence; learning; data")
    raw_labs = []
    pos = 0
    for s in sizes:
        members = flat[pos:pos + s]
        pos += s
        # ~12 % of labs also count a member of another lab (joint appointments)
        if rng.random() < 0.12 and pos < len(flat):
            members.append(rng.choice(flat))
        members = list(dict.fromkeys(members))
        k = len(members)
        cum = _zipf_cum(k, 0.9, 1.0)
        topics = [rng.randrange(len(_TOPICS))]
        if rng.random() < 0.45:
            topics.append(rng.randrange(len(_TOPICS)))
        partners = tuple(rng.randrange(n_labs) for _ in range(rng.choice((0, 1, 1, 2, 3))))
        org = f"{rng.choice(_NAME_PREFIX).lower()}-{rng.choice(org_words)}"
        if rng.random() < 0.5:
            born, dies = -n_epochs, 10 * n_epochs  # always active
        else:
            born = rng.randrange(-n_epochs // 2, n_epochs)
            dies = born + max(3, round(rng.expovariate(1 / max(3, n_epochs / 2))))
        raw_labs.append((tuple(members), tuple(cum), tuple(topics), partners, org, born, dies))
    labs = tuple(_Lab(*r) for r in raw_labs)
    order = list(range(n_labs))
    rng.shuffle(order)
    lab_weight = [0.0] * n_labs
    for rank, li in enumerate(order):
        lab_weight[li] = 1.0 / (rank + 30) ** 0.85 * rng.lognormvariate(0, 0.3)
    # global (outsider) productivity: Zipf over a random permutation of the pool
    perm = list(range(len(names)))
    rng.shuffle(perm)
    gw = [0.0] * len(names)
    for rank, ai in enumerate(perm):
        gw[ai] = 1.0 / (rank + 200) ** 1.0
    epoch0 = _dt.date.fromisoformat(start).toordinal() // World.EPOCH_DAYS
    return World(tuple(names), labs, tuple(accumulate(gw)), tuple(lab_weight), epoch0)


# ----------------------------------------------------------------------------------------
# Papers
# ----------------------------------------------------------------------------------------


@dataclass
class _Paper:
    arxiv_id: str
    title: str
    name: str
    authors: tuple[str, ...]
    topic: int
    org: str
    media: tuple[str, str]  # (kind, url); kind in image/video/avatar/none
    votes: int | None = None


_TOKEN_CHARS = string.ascii_letters + string.digits + "_-"
_UPLOADERS = ("5f7c2a9e1b3d4e6f8a0b1c2d", "63a1d0c4e5f6a7b8c9d0e1f2", "6512ab34cd56ef7890ab12cd")


def _token(rng: random.Random, n: int = 21) -> str:
    return "".join(rng.choices(_TOKEN_CHARS, k=n))


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choices("0123456789abcdef", k=n))


def _method_name(rng: random.Random, topic: _Topic) -> str:
    r = rng.random()
    if r < 0.22:  # acronym of a topic phrase, e.g. "Temporal Attention ..." -> "TA..."
        words = f"{rng.choice(topic.techs)} {rng.choice(topic.tasks)}".replace("-", " ").split()
        acro = "".join(w[0] for w in words if w[0].isalpha()).upper()[:6]
        return acro if len(acro) >= 3 else acro + rng.choice(string.ascii_uppercase)
    if r < 0.30:
        acro = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(2, 4)))
        return f"{acro}-{rng.choice(topic.name_parts)}"
    return rng.choice(_NAME_PREFIX) + rng.choice(topic.name_parts) + rng.choice(_NAME_SUFFIX)


def _title(rng: random.Random, topic: _Topic, name: str) -> str:
    c = rng.choice
    k = rng.randrange(16)
    task, tech, obj = c(topic.tasks), c(topic.techs), c(topic.objects)
    if k == 0:
        t = f"{name}: {c(_ADJ)} {tech} for {task}"
    elif k == 1:
        t = f"{name}: {c(_GERUND)} {obj} with {tech}"
    elif k == 2:
        t = f"{name}: Towards {c(_ADJ)} {task}"
    elif k == 3:
        t = f"{c(_GERUND)} {obj} via {tech}"
    elif k == 4:
        t = f"{c(_ADJ)} {tech} Improves {task}"
    elif k == 5:
        t = f"{name}: A {c(_ADJ)} Benchmark for {task}"
    elif k == 6:
        t = f"Can {tech} Help {obj}? An Empirical Study on {task}"
    elif k == 7:
        t = f"{name}: Scaling {tech} to {c(_ADJ)} {task}"
    elif k == 8:
        t = f"{name} Technical Report" if rng.random() < 0.5 else f"{name}: {c(_ADJ)} {obj}"
    elif k == 9:
        t = f"Rethinking {tech} for {task}"
    elif k == 10:
        t = f"On the {c(_PROPERTY)} of {tech} in {obj}"
    elif k == 11:
        t = f"{name}: Unified {task} and {c(topic.tasks)} with {obj}"
    elif k == 12:
        t = f"{name}: {c(_ADJ)} and {c(_ADJ)} {task} from {c(topic.objects)}"
    elif k == 13:
        t = f"{c(_GERUND)} {task} -- {c(_ADJ)} {tech} at Scale"
    elif k == 14:
        t = f"{name}: {c(_GERUND)} {tech} for {c(_ADJ)} {obj}"
    else:
        t = f"{c(_ADJ)} {obj} Learn {task} through {tech}"
    if rng.random() < 0.004:  # LaTeX in titles occurs in real digests
        t = t.replace(name, f"$\\textbf{{{name}}}$", 1) if name in t else t
    return t


def _arxiv_id(date: _dt.date, rng: random.Random, used: set[str]) -> str:
    for _ in range(50):
        sub = date - _dt.timedelta(days=min(30, 1 + int(rng.expovariate(1 / 2.5))))
        yymm = f"{sub.year % 100:02d}{sub.month:02d}"
        days_in_month = ((sub.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
                         - _dt.timedelta(days=1)).day
        volume = max(4000, 8000 + 1300 * (sub.year - 2015) + 100 * sub.month)
        digits = 4 if (sub.year, sub.month) < (2015, 1) else 5
        volume = min(volume, 10 ** digits - 1)
        frac = (sub.day - 1 + rng.random()) / days_in_month
        num = max(1, min(10 ** digits - 1, int(frac * volume)))
        aid = f"{yymm}.{num:0{digits}d}"
        if aid not in used:
            used.add(aid)
            return aid
    raise RuntimeError("could not draw a fresh arXiv id")  # pragma: no cover


def _n_authors(rng: random.Random) -> int:
    if rng.random() < 0.003:
        return rng.randint(100, 420)
    return max(1, min(25, round(rng.lognormvariate(math.log(6.3), 0.55))))


def _weighted_sample(rng: random.Random, items: Sequence[int], cum: Sequence[float],
                     k: int) -> list[int]:
    """Up to *k* distinct items drawn by cumulative weight (small lists)."""
    if k >= len(items):
        out = list(items)
        rng.shuffle(out)
        return out
    chosen: dict[int, None] = {}
    total = cum[-1]
    tries = 0
    while len(chosen) < k and tries < 8 * k:
        chosen[items[bisect_right(cum, rng.random() * total)]] = None
        tries += 1
    return list(chosen)


def _authors(rng: random.Random, world: World, lab_idx: int) -> tuple[str, ...]:
    labs = world.labs
    lab = labs[lab_idx]
    n = _n_authors(rng)
    picked: dict[int, None] = {}
    if n >= 100:  # large collaboration: several labs plus outsiders
        for li in [lab_idx, *lab.partners, *rng.sample(range(len(labs)), min(8, len(labs)))]:
            for a in labs[li].members:
                picked[a] = None
    else:
        n_lab = min(len(lab.members), max(1, round(n * rng.uniform(0.5, 0.9))))
        members = _weighted_sample(rng, lab.members, lab.member_cum, n_lab)
        pi = lab.members[0]
        if pi not in members and rng.random() < 0.75 and len(members) > 1:
            members[-1] = pi
        for a in members:
            picked[a] = None
        if lab.partners and len(picked) < n and rng.random() < 0.6:
            p = labs[rng.choice(lab.partners)]
            k = max(1, round(n * rng.uniform(0.1, 0.3)))
            for a in _weighted_sample(rng, p.members, p.member_cum, k):
                picked[a] = None
    n_pool = len(world.authors)
    total = world.author_cum[-1]
    tries = 0
    while len(picked) < n and tries < 4 * n:
        picked[min(n_pool - 1, bisect_right(world.author_cum, rng.random() * total))] = None
        tries += 1
    order = list(picked)
    pi = lab.members[0]
    if pi in picked and n < 100:
        order.remove(pi)
        rng.shuffle(order)
        if rng.random() < 0.7:
            order.append(pi)  # senior author last
        else:
            order.insert(rng.randrange(len(order) + 1), pi)
    else:
        rng.shuffle(order)
    return tuple(world.authors[i] for i in order[:max(n, 1)])


def _media(rng: random.Random, aid: str) -> tuple[str, str]:
    r = rng.random()
    up = rng.choice(_UPLOADERS)
    if r < 0.03:
        return "video", f"https://cdn-uploads.huggingface.co/production/uploads/{up}/{_token(rng)}.mp4"
    if r < 0.037:
        if rng.random() < 0.7:
            return "avatar", f"/avatars/{_hex(rng, 32)}.svg"
        return "avatar", (f"https://cdn-avatars.huggingface.co/v1/production/uploads/"
                          f"{_hex(rng, 24)}/{_token(rng)}.jpeg")
    if r < 0.043:
        return "none", ""
    if r < 0.83:
        return "image", f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{aid}.png"
    ext = "png" if rng.random() < 0.95 else rng.choice(("jpeg", "gif"))
    return "image", f"https://cdn-uploads.huggingface.co/production/uploads/{up}/{_token(rng)}.{ext}"


def _new_paper(date: _dt.date, rng: random.Random, world: World, used: set[str]) -> _Paper:
    cum = world.lab_cum(date)
    li = min(len(cum) - 1, bisect_right(cum, rng.random() * cum[-1]))
    lab = world.labs[li]
    topic_idx = rng.choice(lab.topics)
    topic = _TOPICS[topic_idx]
    name = _method_name(rng, topic)
    aid = _arxiv_id(date, rng, used)
    return _Paper(aid, _title(rng, topic, name), name, _authors(rng, world, li), topic_idx,
                  lab.org, _media(rng, aid))


# ----------------------------------------------------------------------------------------
# Bullets
# ----------------------------------------------------------------------------------------


def _term(rng: random.Random, pair: tuple[str, str]) -> str:
    ko, en = pair
    r = rng.random()
    if r < 0.45:
        return f"{ko}({en})"
    if r < 0.6:
        return f"{ko} ({en})"
    if r < 0.85:
        return ko
    return en


def _fill(template: str, slots: dict[str, str]) -> str:
    out = []
    i = 0
    while True:
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        k = template.index("}", j)
        key = template[j + 1:k]
        if ":" in key:
            word, pair = key.split(":")
            out.append(_josa(slots[word], pair))
        else:
            out.append(slots[key])
        i = k + 1
    return "".join(out)


def _slots(rng: random.Random, p: _Paper) -> dict[str, str]:
    topic = _TOPICS[p.topic]
    pool = topic.terms
    t1, t2, t3 = rng.sample(pool, 3) if len(pool) >= 3 else (pool * 3)[:3]
    if rng.random() < 0.25:
        t3 = rng.choice(_GENERIC_TERMS)
    b, b2 = rng.sample(topic.benches, 2)
    x = round(rng.uniform(1.2, 18.0), 1)
    y = round(rng.uniform(20.0, 70.0), 1)
    return {
        "n": p.name.replace("$\\textbf{", "").replace("}$", ""),
        "t1": _term(rng, t1), "t2": _term(rng, t2), "t3": _term(rng, t3),
        "task": rng.choice(topic.task_ko), "b": b, "b2": b2,
        "base": rng.choice(topic.baselines),
        "x": str(x), "y": str(y), "x2": str(round(min(99.0, y + x), 1)),
        "k": str(round(rng.uniform(1.5, 12.0), 1)),
        "m": f"{rng.choice((2, 5, 10, 12, 30, 50, 100, 150, 300))}{rng.choice(('K', '만', 'M'))}",
    }


def _link(rng: random.Random, p: _Paper) -> str:
    slug = "".join(ch for ch in p.name.lower() if ch.isalnum() or ch == "-").strip("-")
    slug = slug or "project"
    r = rng.random()
    if r < 0.6:
        return f"https://github.com/{p.org}/{slug}"
    if r < 0.85:
        return f"https://{slug}.github.io/"
    return f"https://huggingface.co/{p.org}/{slug}"


def _plain(text: str) -> str:
    for a, b in _PLAIN_ENDINGS:
        text = text.replace(a, b)
    return text


def _bullets(rng: random.Random, p: _Paper, labelled: str | None, formal: bool) -> list[str]:
    """Markdown lines of the summary of paper *p* (top-level and nested bullets)."""
    s = _slots(rng, p)
    c = rng.choice
    with_link = rng.random() < 0.08
    if labelled is not None:
        new = _fill(c(_METHOD), s) + " " + _fill(c(_PROBLEM), s)
        if rng.random() < 0.5:
            new += " " + _fill(c(_CONCLUSION), s)
        details = " ".join(_fill(t, s) for t in rng.sample(_DETAIL, rng.randint(2, 3)))
        if with_link:
            details += " " + _fill(c(_LINK), {"url": _link(rng, p)})
        perf = " ".join(_fill(t, s) for t in rng.sample(_RESULT, rng.randint(2, 3)))
        m = labelled
        lines = [f"- {m}{_LABELS[0]}{m}: {new}", f"- {m}{_LABELS[1]}{m}: {details}",
                 f"- {m}{_LABELS[2]}{m}: {perf}"]
        if rng.random() < 0.04:
            lines.append(f"- {m}Limitations{m}: " + _fill(_CONCLUSION[2], s))
        return lines
    n = rng.randint(3, 7)
    body = [_fill(c(_PROBLEM), s), _fill(c(_METHOD), s)]
    extra = rng.sample(_DETAIL, min(len(_DETAIL), max(0, n - 4)))
    body += [_fill(t, s) for t in extra]
    body.append(_fill(c(_RESULT), s))
    body.append(_fill(c(_CONCLUSION), s))
    body = body[:n]
    for i in range(1, len(body)):  # real bullets often run to two sentences
        if rng.random() < 0.55:
            body[i] += " " + _fill(c(_DETAIL if i < len(body) - 1 else _CONCLUSION), s)
    if with_link:
        body[-1] = _fill(c(_LINK), {"url": _link(rng, p)})
    if not formal:
        body = [_plain(b) for b in body]
    lines = [f"- {b}" for b in body]
    if rng.random() < 0.03:  # nested list under the method bullet
        items = rng.sample(_NEST_ITEM, rng.randint(2, 4))
        nested = [f"  - ({i}) {_fill(t, s)}" for i, t in enumerate(items, 1)]
        lines[1:2] = [lines[1], f"- {_fill(c(_NEST_INTRO), s)}", *nested]
    return lines


# ----------------------------------------------------------------------------------------
# Days
# ----------------------------------------------------------------------------------------


def _n_papers(rng: random.Random, papers_per_day: tuple[int, int]) -> int:
    lo, hi = papers_per_day
    if lo > hi or lo < 1:
        raise ValueError(f"papers_per_day must be (lo, hi) with 1 <= lo <= hi, "
                         f"got {papers_per_day}")
    return min(hi, lo + int(rng.lognormvariate(math.log(6.0), 0.85)))


def _votes(rng: random.Random) -> int:
    return max(0, round(rng.lognormvariate(math.log(8.0), 0.95)) - (rng.random() < 0.1))


@dataclass
class _Day:
    date: _dt.date
    papers: list[_Paper]
    has_votes: bool
    labelled: str | None  # "**" / "***" or None
    text: str = ""


def _make_day(date: _dt.date, rng: random.Random, world: World, n_papers: int | None,
              papers_per_day: tuple[int, int], repeats: Sequence[_Paper], used: set[str]) -> _Day:
    n = _n_papers(rng, papers_per_day) if n_papers is None else n_papers
    has_votes = rng.random() >= 0.03
    labelled = (rng.choice(("**", "***")) if rng.random() < 0.4 else None)
    formal = rng.random() < 0.75
    list_day = rng.random() < 0.02
    reps = list(repeats)[: max(0, n - 1)]
    papers = [_Paper(r.arxiv_id, r.title, r.name, r.authors, r.topic, r.org, r.media)
              for r in reps]
    used.update(r.arxiv_id for r in reps)
    while len(papers) < n:
        papers.append(_new_paper(date, rng, world, used))
    if has_votes:
        for p in papers:
            p.votes = _votes(rng)
        dash = [p for p in papers if rng.random() < 0.006]
        scored = sorted((p for p in papers if p not in dash), key=lambda p: -(p.votes or 0))
        papers = scored + dash
        for p in dash:
            p.votes = None
    else:
        rng.shuffle(papers)
    out = [f"## Daily Papers ({date.isoformat()})", ""]
    for p in papers:
        out += [f"### [{p.title}](https://arxiv.org/abs/{p.arxiv_id})", ""]
        kind, url = p.media
        if kind == "video":
            out += [f"[Watch Video]({url})",
                    f'<div><video controls src="{url}" muted="false"></video></div>', ""]
        elif kind != "none":
            out += [f"![]({url})", ""]
        if has_votes:
            out += [f"Vote: {p.votes if p.votes is not None else '-'}", ""]
        if list_day or rng.random() < 0.005:
            out += [f"Authors: {list(p.authors)!r}", ""]
        else:
            out += [f"Authors: {', '.join(p.authors)}", ""]
        out += _bullets(rng, p, labelled, formal or labelled is not None)
        out.append("")
    day = _Day(date, papers, has_votes, labelled)
    day.text = "\n".join(out) + "\n"
    return day


def _as_date(date: _dt.date | str) -> _dt.date:
    if isinstance(date, _dt.datetime):
        return date.date()
    if isinstance(date, _dt.date):
        return date
    return _dt.date.fromisoformat(str(date))


def generate_digest(date: _dt.date | str, rng: random.Random, *, world: World | None = None,
                    n_papers: int | None = None, papers_per_day: tuple[int, int] = (10, 60),
                    repeats: Sequence = ()) -> str:
    """Markdown text of one synthetic daily digest (no files are touched).

    Parameters
    ----------
    date : datetime.date or str
        Digest date (``YYYY-MM-DD``); weekends are allowed here, :func:`generate_corpus`
        only uses weekdays.
    rng : random.Random
        Source of randomness; the same seed state gives the same text.
    world : World, optional
        Author pool and labs (:func:`make_world`); defaults to ``make_world()``.
    n_papers : int, optional
        Exact number of papers; by default drawn from ``papers_per_day``.
    papers_per_day : (int, int)
        Bounds of the skewed papers-per-day distribution (median about ``lo + 5``).
    repeats : sequence
        Papers from earlier days to show again (internal; used by :func:`generate_corpus`).

    Returns
    -------
    str
        The digest, ending with a blank line like the real files.

    Examples
    --------
    >>> import random
    >>> a = generate_digest("2024-03-04", random.Random(7), n_papers=2)
    >>> a == generate_digest("2024-03-04", random.Random(7), n_papers=2)
    True
    >>> a.count("\\nAuthors: ")
    2
    """
    day = _make_day(_as_date(date), rng, world or make_world(), n_papers, tuple(papers_per_day),
                    repeats, set())
    return day.text


def _weekdays(start: _dt.date, n: int) -> list[_dt.date]:
    out = []
    d = start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += _dt.timedelta(days=1)
    return out


def generate_corpus(out_dir: str | Path, n_days: int, *, seed: int = 0,
                    start: str = "2024-01-01", papers_per_day: tuple[int, int] = (10, 60),
                    n_authors: int | None = None, manifest: bool = True) -> list[Path]:
    """Write *n_days* synthetic weekday digests ``YYYY-MM-DD.md`` into *out_dir*.

    Parameters
    ----------
    out_dir : str or Path
        Output folder (created if needed). Existing digests with the same names are
        overwritten; other files are left alone.
    n_days : int
        Number of digest files (consecutive weekdays from ``start``; weekends are skipped).
    seed : int
        Random seed; the same arguments give byte-identical files.
    start : str
        First date (``YYYY-MM-DD``); moved to the next Monday if it falls on a weekend.
    papers_per_day : (int, int)
        Bounds of the skewed papers-per-day distribution (median about ``lo + 5``,
        mean about ``lo + 8``, so ``(10, 60)`` gives ~25 KB per day like the real corpus).
    n_authors : int, optional
        Size of the author pool; default ``2000 + 45 * n_days`` (about 30k distinct authors
        appear in 1,000 days).
    manifest : bool
        Also write ``manifest.json`` with per-day and total counts (see
        :func:`read_manifest`).

    Returns
    -------
    list of Path
        The Markdown files written, in date order.

    Notes
    -----
    About 2 % of the papers of a day reappear from the previous ten weekdays (same arXiv id,
    title and authors; new votes and a freshly generated summary). Manifest counts:
    ``papers`` (one per ``### `` heading), ``unique_papers``, ``authorships`` (sum of
    author-list lengths over appearances), ``distinct_authors`` and, per day, ``papers``,
    ``repeats``, ``authorships``, ``has_votes`` and ``labelled``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = generate_corpus(d, 3, seed=1, start="2024-01-05")
    ...     [f.name for f in files], read_manifest(d)["n_days"]
    (['2024-01-05.md', '2024-01-08.md', '2024-01-09.md'], 3)
    """
    if n_days < 0:
        raise ValueError(f"n_days must be >= 0, got {n_days}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start_date = _as_date(start)
    world = make_world(n_authors or 2000 + 45 * n_days, seed, start_date.isoformat(),
                       max(n_days, 1))
    master = random.Random(f"papertoolkit-corpus-{seed}")
    used: set[str] = set()
    recent: list[list[_Paper]] = []
    files: list[Path] = []
    days_meta = []
    tot_papers = tot_auth = 0
    distinct: set[str] = set()
    for date in _weekdays(start_date, n_days):
        rng = random.Random(master.getrandbits(64))
        n = _n_papers(rng, tuple(papers_per_day))
        n_rep = sum(rng.random() < 0.02 for _ in range(n)) if recent else 0
        pool = [p for ps in recent for p in ps]
        reps = rng.sample(pool, min(n_rep, len(pool)))
        day = _make_day(date, rng, world, n, tuple(papers_per_day), reps, used)
        path = out / f"{date.isoformat()}.md"
        path.write_text(day.text, encoding="utf-8")
        files.append(path)
        n_auth = sum(len(p.authors) for p in day.papers)
        tot_papers += len(day.papers)
        tot_auth += n_auth
        for p in day.papers:
            distinct.update(p.authors)
        days_meta.append({"date": date.isoformat(), "file": path.name, "papers": len(day.papers),
                          "repeats": len(reps), "authorships": n_auth,
                          "has_votes": day.has_votes, "labelled": day.labelled is not None})
        rep_ids = {r.arxiv_id for r in reps}
        recent.append([p for p in day.papers if p.arxiv_id not in rep_ids])
        if len(recent) > 10:
            recent.pop(0)
    if manifest:
        info = {"generator": "papertoolkit.synthetic", "seed": seed,
                "start": start_date.isoformat(), "n_days": len(files),
                "papers_per_day": list(papers_per_day), "n_authors_pool": len(world.authors),
                "papers": tot_papers, "unique_papers": len(used), "authorships": tot_auth,
                "distinct_authors": len(distinct), "days": days_meta}
        (out / MANIFEST_NAME).write_text(json.dumps(info, indent=1), encoding="utf-8")
    return files


def read_manifest(out_dir: str | Path) -> dict:
    """Counts written by :func:`generate_corpus` (``manifest.json`` in *out_dir*).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = generate_corpus(d, 2, seed=0)
    ...     m = read_manifest(d)
    ...     m["papers"] == sum(day["papers"] for day in m["days"])
    True
    """
    path = Path(out_dir) / MANIFEST_NAME
    if not path.exists():
        raise FileNotFoundError(f"no {MANIFEST_NAME} in {out_dir}; was it written by "
                                "generate_corpus(..., manifest=True)?")
    return json.loads(path.read_text(encoding="utf-8"))
