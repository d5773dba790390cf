package eval

import (
	"context"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// Floors the engine must stay above on the shared starter set (20 close
// questions on the embedded report).
const (
	minStarterPassage = 0.90
	maxMedianPassage  = 200
)

// floor is what the engine must keep on one report's held-out set.
type floor struct{ passage, figure, refused float64 }

// heldOutFloors are a few points under what the engine measured on each
// held-out set (by its title), so a change that loses ground on any set
// fails here, however the others move. They are floors, not the targets
// of issue 9 (93% passage, 90% figure, 90% refused), which the engine does
// not reach yet. Measured on the second blind sets: union 91.0/84.0/92.0,
// government report 80.0/78.3/85.0, communiqué 76.7/71.7/75.0, ESG report
// 26.7/25.0/85.0 when written and 68.3/65.0/75.0 once tables were read as
// tables. The third blind sets (heldout-3, 30 questions and 10 negatives
// a report, written 2026-11-26) measured, when written: union
// 80.0/73.3/80.0, government report 63.3/56.7/100, communiqué
// 63.3/53.3/80.0, ESG report 56.7/50.0/80.0; their floors are about two
// questions (6–7 points; a second lost question trips some, as 0.67
// against 20 of 30) and one negative under that. The fourth blind sets
// (heldout-4, written later that day, the same shape; measured when
// written in testdata/reports/README.md) have floors two questions and
// one negative under what they measured once Weights.MissingNoun came in:
// union 83.3/80.0/80.0, government report 73.3/66.7/90.0, communiqué
// 66.7/50.0/90.0, ESG report 53.3/50.0/90.0. The fifth (heldout-5,
// written at the fifth stop, the same shape; testdata/reports/README.md)
// have floors two questions and one negative under what they measured
// when written: union 76.7/73.3/90.0, government report 66.7/66.7/90.0,
// communiqué 53.3/46.7/90.0, ESG report 56.7/50.0/70.0. The sixth
// (heldout-6, written at the seventh stop, the same shape) likewise:
// union 83.3/76.7/100, government report 66.7/56.7/80.0, communiqué
// 50.0/43.3/70.0, ESG report 60.0/56.7/100. The fifth report's
// (heldout-7, the eighth stop) likewise: 56.7/53.3/80.0 when added. Adding
// it moved the other reports' sets, and one floor with them: the
// government report's heldout-2 refused 75.0% of its negatives in the
// five-report suite (85.0% in four), one answered from the new report,
// one as the rarity of every word moved — counted by mechanism, not read.
// The eighth (heldout-8, all five reports, the thirteenth stop) likewise,
// two questions and one negative under what they measured on the
// start-of-stop engine: ESG 58.6/51.7/80.0 (29 questions), government
// report 83.3/80.0/90.0, union 76.7/73.3/90.0, communiqué 56.7/46.7/90.0,
// Shanghai 46.7/43.3/90.0. The ninth (heldout-9, the fourteenth stop)
// likewise: ESG 50.0/46.7/70.0, government 63.3/60.0/100, union
// 76.7/76.7/90.0, communiqué 63.3/56.7/70.0, Shanghai 60.0/53.3/80.0.
// The tenth (heldout-10, the fifteenth stop) likewise: ESG 73.3/70.0/90.0,
// government 66.7/63.3/90.0, union 90.0/86.7/90.0, communiqué
// 76.7/70.0/90.0, Shanghai 56.7/43.3/90.0. The eleventh (heldout-11, the
// sixteenth stop) likewise: ESG 70.0/60.0/60.0, government 66.7/66.7/80.0,
// union 80.0/73.3/100, communiqué 80.0/73.3/60.0, Shanghai 70.0/60.0/90.0.
// The twelfth (heldout-12, the seventeenth stop) likewise: ESG
// 63.3/60.0/70.0, government 80.0/76.7/80.0, union 86.7/83.3/100,
// communiqué 70.0/66.7/80.0, Shanghai 63.3/53.3/90.0. The thirteenth
// (heldout-13, the eighteenth stop) likewise: ESG 70.0/60.0/80.0,
// government 66.7/53.3/80.0, union 76.7/70.0/100, communiqué
// 70.0/60.0/90.0, Shanghai 63.3/53.3/80.0. The fourteenth (heldout-14,
// the nineteenth stop) likewise: ESG 63.3/60.0/60.0, government
// 80.0/63.3/70.0, union 83.3/80.0/100, communiqué 56.7/53.3/100,
// Shanghai 76.7/60.0/90.0. The fifteenth (heldout-15, the twentieth
// stop) likewise: ESG 66.7/63.3/80.0, government 66.7/53.3/100, union
// 73.3/70.0/100, communiqué 63.3/60.0/80.0, Shanghai 73.3/70.0/90.0.
// The sixteenth (heldout-16, the twenty-first stop) likewise: ESG
// 63.3/56.7/50.0, government 70.0/70.0/70.0, union 90.0/86.7/100,
// communiqué 80.0/73.3/80.0, Shanghai 53.3/36.7/90.0. The seventeenth
// (heldout-17, the twenty-second stop) likewise: ESG 73.3/70.0/90.0,
// government 80.0/76.7/90.0, union 80.0/70.0/100, communiqué
// 70.0/63.3/70.0, Shanghai 66.7/63.3/80.0. The eighteenth (heldout-18,
// the twenty-third stop) likewise: ESG 60.0/60.0/80.0, government
// 83.3/73.3/90.0, union 90.0/86.7/100, communiqué 66.7/60.0/80.0,
// Shanghai 63.3/56.7/100. The nineteenth (heldout-19, the twenty-fourth
// stop) likewise: ESG 70.0/63.3/60.0, government 70.0/63.3/90.0, union
// 73.3/73.3/100, communiqué 70.0/60.0/80.0, Shanghai 70.0/50.0/90.0.
// The twentieth (heldout-20, the twenty-fifth stop) likewise: ESG
// 60.0/53.3/40.0, government 76.7/70.0/90.0, union 83.3/76.7/100,
// communiqué 56.7/56.7/80.0, Shanghai 63.3/60.0/90.0. The
// twenty-first (heldout-21, the twenty-sixth stop) likewise: ESG
// 60.0/56.7/70.0, government 83.3/73.3/80.0, union 90.0/83.3/90.0,
// communiqué 43.3/40.0/90.0 (cjk 50.0: behind the baseline when
// written), Shanghai 70.0/60.0/80.0.
//
// The sets up to the tenth (heldout, heldout-2 … heldout-10) were
// retired to tuning at the twenty-fourth stop, renamed retired-heldout-*
// (their aggregates had been read in every experiment of fifteen stops,
// and the refusal model's fit wanted members' wording more like the
// fresh sets' than the tuning sets held): their floors went with them.
var heldOutFloors = map[string]floor{
	"fushine-esg-report-2024-final/heldout-11": {0.63, 0.53, 0.50},
	"gov-work-report-2022-national/heldout-11": {0.60, 0.60, 0.70},
	"guizhou-trade-union-2023/heldout-11":      {0.73, 0.66, 0.90},
	"nbs-communique-2021/heldout-11":           {0.73, 0.66, 0.50},
	"shanghai-budget-report-2025/heldout-11":   {0.63, 0.53, 0.80},
	"fushine-esg-report-2024-final/heldout-12": {0.56, 0.53, 0.60},
	"gov-work-report-2022-national/heldout-12": {0.73, 0.70, 0.70},
	"guizhou-trade-union-2023/heldout-12":      {0.80, 0.76, 0.90},
	"nbs-communique-2021/heldout-12":           {0.63, 0.60, 0.70},
	"shanghai-budget-report-2025/heldout-12":   {0.56, 0.46, 0.80},
	"fushine-esg-report-2024-final/heldout-13": {0.63, 0.53, 0.70},
	"gov-work-report-2022-national/heldout-13": {0.60, 0.46, 0.70},
	"guizhou-trade-union-2023/heldout-13":      {0.69, 0.63, 0.90},
	"nbs-communique-2021/heldout-13":           {0.63, 0.53, 0.80},
	"shanghai-budget-report-2025/heldout-13":   {0.56, 0.46, 0.70},
	"fushine-esg-report-2024-final/heldout-14": {0.56, 0.53, 0.50},
	"gov-work-report-2022-national/heldout-14": {0.73, 0.56, 0.60},
	"guizhou-trade-union-2023/heldout-14":      {0.76, 0.73, 0.90},
	"nbs-communique-2021/heldout-14":           {0.50, 0.46, 0.90},
	"shanghai-budget-report-2025/heldout-14":   {0.69, 0.53, 0.80},
	"fushine-esg-report-2024-final/heldout-15": {0.59, 0.56, 0.70},
	"gov-work-report-2022-national/heldout-15": {0.59, 0.46, 0.90},
	"guizhou-trade-union-2023/heldout-15":      {0.66, 0.63, 0.90},
	"nbs-communique-2021/heldout-15":           {0.56, 0.53, 0.70},
	"shanghai-budget-report-2025/heldout-15":   {0.66, 0.63, 0.80},
	"fushine-esg-report-2024-final/heldout-16": {0.56, 0.49, 0.40},
	"gov-work-report-2022-national/heldout-16": {0.63, 0.63, 0.60},
	"guizhou-trade-union-2023/heldout-16":      {0.83, 0.79, 0.90},
	"nbs-communique-2021/heldout-16":           {0.73, 0.66, 0.70},
	"shanghai-budget-report-2025/heldout-16":   {0.46, 0.29, 0.80},
	"fushine-esg-report-2024-final/heldout-17": {0.66, 0.63, 0.80},
	"gov-work-report-2022-national/heldout-17": {0.73, 0.69, 0.80},
	"guizhou-trade-union-2023/heldout-17":      {0.73, 0.63, 0.90},
	"nbs-communique-2021/heldout-17":           {0.63, 0.56, 0.60},
	"shanghai-budget-report-2025/heldout-17":   {0.59, 0.56, 0.70},
	"fushine-esg-report-2024-final/heldout-18": {0.53, 0.53, 0.70},
	"gov-work-report-2022-national/heldout-18": {0.76, 0.66, 0.80},
	"guizhou-trade-union-2023/heldout-18":      {0.83, 0.79, 0.90},
	"nbs-communique-2021/heldout-18":           {0.59, 0.53, 0.70},
	"shanghai-budget-report-2025/heldout-18":   {0.56, 0.49, 0.90},
	"fushine-esg-report-2024-final/heldout-19": {0.63, 0.56, 0.50},
	"gov-work-report-2022-national/heldout-19": {0.63, 0.56, 0.80},
	"guizhou-trade-union-2023/heldout-19":      {0.66, 0.66, 0.90},
	"nbs-communique-2021/heldout-19":           {0.63, 0.53, 0.70},
	"shanghai-budget-report-2025/heldout-19":   {0.63, 0.43, 0.80},
	"fushine-esg-report-2024-final/heldout-20": {0.53, 0.46, 0.30},
	"gov-work-report-2022-national/heldout-20": {0.69, 0.63, 0.80},
	"guizhou-trade-union-2023/heldout-20":      {0.76, 0.69, 0.90},
	"nbs-communique-2021/heldout-20":           {0.49, 0.49, 0.70},
	"shanghai-budget-report-2025/heldout-20":   {0.56, 0.53, 0.80},
	"fushine-esg-report-2024-final/heldout-21": {0.53, 0.49, 0.60},
	"gov-work-report-2022-national/heldout-21": {0.76, 0.66, 0.70},
	"guizhou-trade-union-2023/heldout-21":      {0.83, 0.76, 0.80},
	"nbs-communique-2021/heldout-21":           {0.36, 0.33, 0.80},
	"shanghai-budget-report-2025/heldout-21":   {0.63, 0.53, 0.70},
	// The city suite's (testdata-city): 63.3/53.3/80.0 when added.
	"zhoukou-statistical-bulletin-2023/heldout-8": {0.56, 0.46, 0.70},
}

// followupFloors are the floors of each blind held-out follow-up set (by
// its title), one question under what the engine measured on it
// (2026-11-26), so that a change losing ground on the smallest set fails
// however the others move: passage, figure, follow-up negatives refused.
// Measured: ESG report followup-heldout-4 50.0/40.0/50.0 (45.0/35.0/50.0
// when written); government -2 56.5/52.2/50.0, -3 60.0/50.0/75.0; union -2
// 81.0/71.4/50.0, -3 80.0/65.0/75.0; communiqué -2 92.6/81.5/80.0, -3
// 85.0/75.0/50.0 (-2 measured 70.4/60.6/61.5 in all when written, -3
// 71.7/60.0/58.3); the fifth sets (followup-heldout-5, 20 follow-ups a
// report, written later that day; measured when written in
// followup-heldout-5.md) one question under that; the sixth
// (followup-heldout-6, written at the fourth stop; followup-heldout-6.md),
// the seventh (followup-heldout-7, the fifth stop) and the eighth
// (followup-heldout-8, the seventh stop) likewise; those
// the fifth stop raised (government -2, -3, -5, -6; union -6) one question
// under their new measure. Issue 13 asks for 90% of follow-ups answered right,
// which the engine does not reach yet. Standalone questions are a hard
// rule: every one answered exactly as alone, on the follow-up sets and on
// every tuning question set asked as consecutive pairs.
var followupFloors = map[string]floor{
	"fushine-esg-report-2024-final/followup-heldout-4": {0.45, 0.35, 0.25},
	"gov-work-report-2022-national/followup-heldout-2": {0.60, 0.52, 0.25},
	"gov-work-report-2022-national/followup-heldout-3": {0.60, 0.50, 0.75},
	"guizhou-trade-union-2023/followup-heldout-2":      {0.76, 0.66, 0.25},
	"guizhou-trade-union-2023/followup-heldout-3":      {0.75, 0.60, 0.50},
	"nbs-communique-2021/followup-heldout-2":           {0.88, 0.77, 0.60},
	// 75.0/65.0 in the five-report suite (80.0/70.0 in four): one
	// follow-up answered otherwise once the fifth report came in.
	"nbs-communique-2021/followup-heldout-3":           {0.70, 0.60, 0.25},
	"fushine-esg-report-2024-final/followup-heldout-5": {0.60, 0.50, 0},
	"gov-work-report-2022-national/followup-heldout-5": {0.80, 0.70, 0.25},
	"guizhou-trade-union-2023/followup-heldout-5":      {0.70, 0.65, 0.50},
	"nbs-communique-2021/followup-heldout-5":           {0.70, 0.55, 0.25},
	"fushine-esg-report-2024-final/followup-heldout-6": {0.50, 0.40, 0},
	"gov-work-report-2022-national/followup-heldout-6": {0.70, 0.55, 0.25},
	"guizhou-trade-union-2023/followup-heldout-6":      {0.65, 0.60, 0.25},
	"nbs-communique-2021/followup-heldout-6":           {0.75, 0.75, 0.25},
	"fushine-esg-report-2024-final/followup-heldout-7": {0.45, 0.35, 0.75},
	"gov-work-report-2022-national/followup-heldout-7": {0.80, 0.70, 0.25},
	"guizhou-trade-union-2023/followup-heldout-7":      {0.75, 0.60, 0.25},
	"nbs-communique-2021/followup-heldout-7":           {0.65, 0.60, 0.50},
	"fushine-esg-report-2024-final/followup-heldout-8": {0.80, 0.60, 0.75},
	"gov-work-report-2022-national/followup-heldout-8": {0.75, 0.65, 0.25},
	"guizhou-trade-union-2023/followup-heldout-8":      {0.90, 0.75, 0.50},
	"nbs-communique-2021/followup-heldout-8":           {0.60, 0.55, 0.50},
	// The fifth report's (followup-heldout-9.md): 55.0/55.0/50.0 when added.
	"shanghai-budget-report-2025/followup-heldout-9": {0.50, 0.50, 0.25},
	// The eleventh sets (followup-heldout-11.md, all five reports, the
	// thirteenth stop), one question and one negative under what they
	// measured on the start-of-stop engine: ESG 40.0/35.0/50.0, government
	// 80.0/80.0/50.0, union 85.0/85.0/50.0, communiqué 85.0/85.0/75.0,
	// Shanghai 55.0/55.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-11": {0.35, 0.30, 0.25},
	"gov-work-report-2022-national/followup-heldout-11": {0.75, 0.75, 0.25},
	"guizhou-trade-union-2023/followup-heldout-11":      {0.80, 0.80, 0.25},
	"nbs-communique-2021/followup-heldout-11":           {0.80, 0.80, 0.50},
	"shanghai-budget-report-2025/followup-heldout-11":   {0.50, 0.50, 0.25},
	// The twelfth (followup-heldout-12.md, the fifteenth stop) likewise:
	// ESG 65.0/55.0/100, government 60.0/55.0/50.0, union 80.0/75.0/75.0,
	// communiqué 85.0/65.0/75.0, Shanghai 55.0/50.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-12": {0.60, 0.50, 0.75},
	"gov-work-report-2022-national/followup-heldout-12": {0.55, 0.50, 0.25},
	"guizhou-trade-union-2023/followup-heldout-12":      {0.75, 0.70, 0.50},
	"nbs-communique-2021/followup-heldout-12":           {0.80, 0.60, 0.50},
	"shanghai-budget-report-2025/followup-heldout-12":   {0.50, 0.45, 0.25},
	// The thirteenth (followup-heldout-13, the sixteenth stop) likewise,
	// on the start-of-stop engine: ESG 70.0/50.0/75.0, government
	// 85.0/75.0/75.0, union 75.0/70.0/75.0, communiqué 70.0/70.0/50.0,
	// Shanghai 75.0/75.0/100.
	"fushine-esg-report-2024-final/followup-heldout-13": {0.65, 0.45, 0.50},
	"gov-work-report-2022-national/followup-heldout-13": {0.80, 0.70, 0.50},
	"guizhou-trade-union-2023/followup-heldout-13":      {0.70, 0.65, 0.50},
	"nbs-communique-2021/followup-heldout-13":           {0.65, 0.65, 0.25},
	"shanghai-budget-report-2025/followup-heldout-13":   {0.70, 0.70, 0.75},
	// The fourteenth (followup-heldout-14, the seventeenth stop) likewise,
	// on the start-of-stop engine: ESG 60.0/55.0/50.0, government
	// 70.0/65.0/50.0, union 90.0/90.0/75.0, communiqué 95.0/80.0/75.0,
	// Shanghai 75.0/70.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-14": {0.55, 0.50, 0.25},
	"gov-work-report-2022-national/followup-heldout-14": {0.65, 0.60, 0.25},
	"guizhou-trade-union-2023/followup-heldout-14":      {0.85, 0.85, 0.50},
	"nbs-communique-2021/followup-heldout-14":           {0.90, 0.75, 0.50},
	"shanghai-budget-report-2025/followup-heldout-14":   {0.70, 0.65, 0.25},
	// The fifteenth (followup-heldout-15, the eighteenth stop) likewise,
	// on the start-of-stop engine: ESG 50.0/50.0/50.0, government
	// 90.0/80.0/50.0, union 90.0/85.0/75.0, communiqué 90.0/85.0/100,
	// Shanghai 80.0/80.0/75.0.
	"fushine-esg-report-2024-final/followup-heldout-15": {0.45, 0.45, 0.25},
	"gov-work-report-2022-national/followup-heldout-15": {0.85, 0.75, 0.25},
	"guizhou-trade-union-2023/followup-heldout-15":      {0.85, 0.80, 0.50},
	"nbs-communique-2021/followup-heldout-15":           {0.85, 0.80, 0.75},
	"shanghai-budget-report-2025/followup-heldout-15":   {0.75, 0.75, 0.50},
	// The sixteenth (followup-heldout-16, the nineteenth stop) likewise,
	// on the start-of-stop engine: ESG 60.0/50.0/25.0, government
	// 85.0/80.0/75.0, union 90.0/80.0/75.0, communiqué 95.0/85.0/75.0,
	// Shanghai 75.0/70.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-16": {0.55, 0.45, 0.00},
	"gov-work-report-2022-national/followup-heldout-16": {0.80, 0.75, 0.50},
	"guizhou-trade-union-2023/followup-heldout-16":      {0.85, 0.75, 0.50},
	"nbs-communique-2021/followup-heldout-16":           {0.90, 0.80, 0.50},
	"shanghai-budget-report-2025/followup-heldout-16":   {0.70, 0.65, 0.25},
	// The seventeenth (followup-heldout-17, the twentieth stop) likewise,
	// on the start-of-stop engine: ESG 70.0/65.0/75.0, government
	// 75.0/70.0/75.0, union 90.0/85.0/75.0, communiqué 80.0/75.0/75.0,
	// Shanghai 55.0/50.0/25.0.
	"fushine-esg-report-2024-final/followup-heldout-17": {0.65, 0.60, 0.50},
	"gov-work-report-2022-national/followup-heldout-17": {0.70, 0.65, 0.50},
	"guizhou-trade-union-2023/followup-heldout-17":      {0.85, 0.80, 0.50},
	"nbs-communique-2021/followup-heldout-17":           {0.75, 0.70, 0.50},
	"shanghai-budget-report-2025/followup-heldout-17":   {0.50, 0.45, 0.00},
	// The eighteenth (followup-heldout-18, the twenty-first stop)
	// likewise, on the start-of-stop engine: ESG 50.0/50.0/100,
	// government 65.0/65.0/50.0, union 90.0/90.0/75.0, communiqué
	// 95.0/85.0/50.0, Shanghai 85.0/70.0/75.0.
	"fushine-esg-report-2024-final/followup-heldout-18": {0.45, 0.45, 0.75},
	"gov-work-report-2022-national/followup-heldout-18": {0.60, 0.60, 0.25},
	"guizhou-trade-union-2023/followup-heldout-18":      {0.85, 0.85, 0.50},
	"nbs-communique-2021/followup-heldout-18":           {0.90, 0.80, 0.25},
	"shanghai-budget-report-2025/followup-heldout-18":   {0.80, 0.65, 0.50},
	// The nineteenth (followup-heldout-19, the twenty-second stop)
	// likewise, on the start-of-stop engine: ESG 65.0/55.0/50.0,
	// government 75.0/70.0/50.0, union 80.0/75.0/75.0, communiqué
	// 75.0/65.0/100, Shanghai 75.0/75.0/75.0.
	"fushine-esg-report-2024-final/followup-heldout-19": {0.60, 0.50, 0.25},
	"gov-work-report-2022-national/followup-heldout-19": {0.70, 0.65, 0.25},
	"guizhou-trade-union-2023/followup-heldout-19":      {0.75, 0.70, 0.50},
	"nbs-communique-2021/followup-heldout-19":           {0.70, 0.60, 0.75},
	"shanghai-budget-report-2025/followup-heldout-19":   {0.70, 0.70, 0.50},
	// The twentieth (followup-heldout-20, the twenty-third stop)
	// likewise, on the start-of-stop engine: ESG 75.0/70.0/100,
	// government 85.0/80.0/75.0, union 85.0/80.0/50.0, communiqué
	// 85.0/85.0/75.0, Shanghai 70.0/65.0/75.0.
	"fushine-esg-report-2024-final/followup-heldout-20": {0.70, 0.65, 0.75},
	"gov-work-report-2022-national/followup-heldout-20": {0.80, 0.75, 0.50},
	"guizhou-trade-union-2023/followup-heldout-20":      {0.80, 0.75, 0.25},
	"nbs-communique-2021/followup-heldout-20":           {0.80, 0.80, 0.50},
	"shanghai-budget-report-2025/followup-heldout-20":   {0.65, 0.60, 0.50},
	// The twenty-first (followup-heldout-21, the twenty-fourth stop)
	// likewise, on the start-of-stop engine: ESG 55.0/50.0/25.0,
	// government 70.0/70.0/25.0, union 80.0/80.0/75.0, communiqué
	// 95.0/90.0/75.0, Shanghai 55.0/45.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-21": {0.50, 0.45, 0.00},
	"gov-work-report-2022-national/followup-heldout-21": {0.65, 0.65, 0.00},
	"guizhou-trade-union-2023/followup-heldout-21":      {0.75, 0.75, 0.50},
	"nbs-communique-2021/followup-heldout-21":           {0.90, 0.85, 0.50},
	"shanghai-budget-report-2025/followup-heldout-21":   {0.50, 0.40, 0.25},
	// The twenty-second (followup-heldout-22, the twenty-fifth stop)
	// likewise, on the start-of-stop engine: ESG 55.0/50.0/50.0,
	// government 80.0/70.0/25.0, union 85.0/80.0/75.0, communiqué
	// 80.0/75.0/75.0, Shanghai 70.0/65.0/50.0.
	"fushine-esg-report-2024-final/followup-heldout-22": {0.50, 0.45, 0.25},
	"gov-work-report-2022-national/followup-heldout-22": {0.75, 0.65, 0.00},
	"guizhou-trade-union-2023/followup-heldout-22":      {0.80, 0.75, 0.50},
	"nbs-communique-2021/followup-heldout-22":           {0.75, 0.70, 0.50},
	"shanghai-budget-report-2025/followup-heldout-22":   {0.65, 0.60, 0.25},
	// The twenty-third (followup-heldout-23, the twenty-sixth stop)
	// likewise, on the start-of-stop engine: ESG 70.0/65.0/75.0,
	// government 75.0/75.0/75.0, union 90.0/80.0/50.0, communiqué
	// 85.0/75.0/75.0, Shanghai 85.0/80.0/75.0.
	"fushine-esg-report-2024-final/followup-heldout-23": {0.65, 0.60, 0.50},
	"gov-work-report-2022-national/followup-heldout-23": {0.70, 0.70, 0.50},
	"guizhou-trade-union-2023/followup-heldout-23":      {0.85, 0.75, 0.25},
	"nbs-communique-2021/followup-heldout-23":           {0.80, 0.70, 0.50},
	"shanghai-budget-report-2025/followup-heldout-23":   {0.80, 0.75, 0.50},
	// The city suite's (followup-heldout-10.md): 85.0/75.0/50.0 when added.
	"zhoukou-statistical-bulletin-2023/followup-heldout-10": {0.80, 0.70, 0.25},
}

// minHeldOutUnchanged is the share of held-out standalone questions that
// must be answered as alone after another question (572 of 573 measured;
// 752 of 753 with heldout-4 and followup-heldout-5; 953 of 957 with
// heldout-5 and followup-heldout-7, whose three changed named no subject
// the engine knows beside a year or ordinal and were read as asking the
// question before of another one — counted by mechanism, not read — and
// 956 of 957 once such a message stays alone when that reading finds
// nothing new; 1135 of 1137 with heldout-6 and followup-heldout-8, whose
// one changed question, the same in the engine before they were added,
// names no subject (a verb only) and was read with the question before
// as asking more of its passage — counted by mechanism, not read; 2044
// of 2051 with heldout-11 and followup-heldout-13 when written, 2046 once
// "X呢" naming a thing of its own takes its answer alone where prev's
// words narrow it to nothing; 2267 of 2276 with heldout-12 and
// followup-heldout-14 when written, the four new changes being two of the
// communiqué's heldout-12 asked one after another and two standalone rows
// of the union's followup-heldout-14 — counted, not read; 2491 of 2501
// with heldout-13 and followup-heldout-15 when written, the one new
// change a standalone row of the union's followup-heldout-15; 2716 of
// 2726 with heldout-14 and followup-heldout-16 when written, none of
// their 225 changed; 2940 of 2951 with heldout-15 and
// followup-heldout-17 when written, the one new change a standalone row
// of the union's followup-heldout-17 — counted, not read; 3163 of 3176
// with heldout-16 and followup-heldout-18 when written, the two new
// changes one each of the ESG report's and the government report's
// heldout-16 asked one after another — counted, not read; 3389 of 3401
// with heldout-17 and followup-heldout-19 when written, none of their 225
// changed; 3613 of 3626 with heldout-18 and followup-heldout-20 when
// written, the one new change one of the communiqué's heldout-18 asked
// one after another — counted, not read; 3837 of 3851 with heldout-19 and
// followup-heldout-21 when written, the one new change a standalone row
// of Shanghai's followup-heldout-21 — counted, not read; 2232 of 2243
// once the question sets up to heldout-10 were retired to tuning at the
// same stop, their three changes going with them (standaloneChangedWhenWritten);
// 2455 of 2468 with heldout-20 and followup-heldout-22 when written (the
// twenty-fifth stop), the two new changes one each of the ESG report's
// and the communiqué's heldout-20 asked one after another — counted, not
// read; 2681 of 2693 with heldout-21 and followup-heldout-23 when written
// (the twenty-sixth stop), none of their 225 changed; the floor lets no
// more go).
const minHeldOutUnchanged = 0.9955

// standaloneChangedWhenWritten are the blind follow-up sets whose own
// standalone rows were not all answered as alone when the set was written,
// and how many were not: the rule for those sets is then that no more
// change. Three of followup-heldout-13's thirty were not (one each of
// the government report, the union and Shanghai); one is still not, the
// government report's: a "那X呢" whose reading with the question before
// says X but gives no figure of it (RefusedByFigure), as a follow-up
// negative of the same shape does ("那女职工呢" after the number of
// members), which must stay refused — counted by mechanism, not read.
// One of the union's followup-tuning-blind-4 (a tuning set, read): "那
// 12351热线是干嘛的" after a question on a regulation, refused alone and
// read with it alike (干嘛 is no interrogative the follow-up cues know,
// and no word of the reports), the two refusals saying different things;
// 干嘛, 干吗 and 干啥 as interrogatives mended it but changed no other
// answer, tuning or held-out, so they were not kept. Two of the union's
// followup-heldout-14 (held-out: counted, not read) when written, and
// one each of its followup-heldout-15 and followup-heldout-17; one of
// Shanghai's followup-heldout-21 (held-out: counted, not read). Two of the
// ESG report's followup-tuning-blind-5 (tuning, read): "那全年培训投入了多少
// 钱" after a question on the staff count and "那公司用不用冲突矿产" after
// one on the suppliers' integrity agreements, read with the question
// before (they open with 那 and name no year or place of their own), each
// answered from the passage its writer keyed (42.79万元人民币; 冲突矿产):
// right, but shown as read with the question before.
var standaloneChangedWhenWritten = map[string]int{
	"fushine-esg-report-2024-final/followup-tuning-blind-5": 2,
	"gov-work-report-2022-national/followup-heldout-13":     1,
	"guizhou-trade-union-2023/followup-tuning-blind-4":      1,
	"guizhou-trade-union-2023/followup-heldout-14":          2,
	"guizhou-trade-union-2023/followup-heldout-15":          1,
	"guizhou-trade-union-2023/followup-heldout-17":          1,
	"shanghai-budget-report-2025/followup-heldout-21":       1,
	// Held-out question sets retired to tuning at the twenty-fourth stop,
	// asked one after another: the changes they held as held-out sets
	// (minHeldOutUnchanged), counted then, not read.
	"fushine-esg-report-2024-final/retired-heldout, consecutive":   1,
	"gov-work-report-2022-national/retired-heldout-5, consecutive": 1,
	"nbs-communique-2021/retired-heldout-9, consecutive":           1,
}

// suiteAdded is the suite with its reports added through the store and
// parsed: done once for the package's tests, as each would do the same.
var suiteAdded = sync.OnceValues(func() (loadedSuite, error) { return addSuite("testdata") })

// addSuite loads the suite in dir and adds its reports through the store.
func addSuite(dir string) (loadedSuite, error) {
	suite, err := LoadSuite(dir)
	if err != nil {
		return loadedSuite{}, err
	}
	data, err := os.MkdirTemp("", "reportbot-suite-")
	if err != nil {
		return loadedSuite{}, err
	}
	defer os.RemoveAll(data) // the parsed reports are all the tests need
	reports, err := suite.Reports(context.Background(), data)
	return loadedSuite{suite, reports}, err
}

type loadedSuite struct {
	suite   Suite
	reports []*corpus.Report
}

// suiteGse is a gse engine on the suite's reports, built once for the
// package's tests that ask it directly; its index is in memory and lives
// as long as the test binary.
var suiteGse = sync.OnceValues(func() (*answer.Engine, error) {
	l, err := suiteAdded()
	if err != nil {
		return nil, err
	}
	cs, _, err := Contenders(context.Background(), l.reports, []string{index.AnalyzerGse})
	if err != nil {
		return nil, err
	}
	return cs[0].Answer, nil
})

// suiteEngine returns the suite's gse engine.
func suiteEngine(t *testing.T) *answer.Engine {
	t.Helper()
	e, err := suiteGse()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// loadSuite returns the suite and its reports as the store parses them.
func loadSuite(t *testing.T) (Suite, []*corpus.Report) {
	t.Helper()
	l, err := suiteAdded()
	if err != nil {
		t.Fatal(err)
	}
	return l.suite, l.reports
}

func readSet(t *testing.T, tsv, negatives string) ([]Case, []string) {
	t.Helper()
	cases, err := ReadFile(tsv, ReadCases)
	if err != nil {
		t.Skipf("question set not here: %v", err)
	}
	negs, err := ReadFile(negatives, ReadNegatives)
	if err != nil {
		t.Fatal(err)
	}
	return cases, negs
}

// TestStarterSet holds the engine to the shared starter set, ahead of
// the cjk baseline.
func TestStarterSet(t *testing.T) {
	cases, negs := readSet(t, "../../../shared/eval/dev.tsv", "../../../shared/eval/negatives.txt")
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	contenders, closeAll, err := Contenders(context.Background(), []*corpus.Report{r}, []string{index.AnalyzerGse, index.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	var results []Result
	for _, c := range contenders {
		res, err := Run(context.Background(), c.Answer, c.Name, cases, negs)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(res.Summary())
		results = append(results, res)
	}
	gse, cjk := results[0], results[1]
	var failures strings.Builder
	gse.WriteFailures(&failures)
	if gse.PassageAccuracy() < minStarterPassage || gse.RefusedRate() < 1 || gse.MedianPassage > maxMedianPassage {
		t.Errorf("below the floor (passage ≥ %.0f%%, all negatives refused, median ≤ %d):\n%s", 100*minStarterPassage, maxMedianPassage, failures.String())
	}
	if gse.PassageRight < cjk.PassageRight {
		t.Errorf("gse found fewer right passages (%d) than the cjk baseline (%d)", gse.PassageRight, cjk.PassageRight)
	}
}

// TestSuite runs the whole suite — four real reports added through the
// store as an admin adds them, tuning and held-out sets — and holds the
// held-out set of each report to its floor and every set to the cjk
// baseline. Only aggregate numbers of held-out sets are printed.
func TestSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("the suite adds five reports and asks about 1,000 questions")
	}
	suite, reports := loadSuite(t)
	checkSuite(t, suite, reports)
}

// TestCitySuite runs the second suite (testdata-city): a city's
// statistical bulletin, a PDF with tables, beside the embedded report. It
// is a suite of its own because it is the communiqué's kind of document:
// in one index the two answer each other's questions, which neither
// question set was written for (testdata-city/reports/README.md).
func TestCitySuite(t *testing.T) {
	if testing.Short() {
		t.Skip("the suite adds a report and asks about 100 questions")
	}
	l, err := addSuite("testdata-city")
	if err != nil {
		t.Fatal(err)
	}
	checkSuite(t, l.suite, l.reports)
}

// checkSuite runs a suite and holds its held-out sets to their floors,
// every set to the cjk baseline and standalone questions to the rule.
func checkSuite(t *testing.T, suite Suite, reports []*corpus.Report) {
	t.Helper()
	ctx := context.Background()
	contenders, closeAll, err := Contenders(ctx, reports, []string{index.AnalyzerGse, index.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	results, err := RunSuite(ctx, suite, contenders)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	WriteSuite(&table, results)
	t.Log("\n" + table.String())
	held := 0
	for _, sr := range results {
		gse, cjk := sr.Results[0], sr.Results[1]
		if gse.PassageRight < cjk.PassageRight {
			t.Errorf("%s: gse found fewer right passages (%d) than the cjk baseline (%d)", sr.Set.Title(), gse.PassageRight, cjk.PassageRight)
		}
		if !sr.Set.HeldOut {
			continue
		}
		held++
		fl, ok := heldOutFloors[sr.Set.Title()]
		if !ok {
			t.Errorf("%s: no floor; measure it and add it to heldOutFloors", sr.Set.Title())
			continue
		}
		if gse.PassageAccuracy() < fl.passage || gse.FigureAccuracy() < fl.figure || gse.RefusedRate() < fl.refused {
			t.Errorf("%s: passage %.1f%% (floor %.0f%%), figure %.1f%% (%.0f%%), refused %.1f%% (%.0f%%)", sr.Set.Title(),
				100*gse.PassageAccuracy(), 100*fl.passage, 100*gse.FigureAccuracy(), 100*fl.figure, 100*gse.RefusedRate(), 100*fl.refused)
		}
	}
	if held == 0 {
		t.Fatal("the suite has no held-out sets")
	}
	followups, err := RunFollowups(ctx, suite, contenders[0])
	if err != nil {
		t.Fatal(err)
	}
	var ftable strings.Builder
	WriteFollowups(&ftable, followups)
	t.Log("\n" + ftable.String())
	// Standalone questions: a hard rule on every tuning set and on the
	// blind follow-up sets' own standalone rows. The held-out question
	// sets asked one after another are a wider net whose rows cannot be
	// read to mend a miss, so they are held to a floor instead: one ESG
	// question of 393 changed after the question before it when the ESG
	// report joined the suite.
	for _, r := range followups {
		res := r.Result
		strict := !r.Set.HeldOut || !r.Set.Consecutive
		if strict && res.Standalone-res.Unchanged > standaloneChangedWhenWritten[r.Set.Title()] {
			t.Errorf("%s: standalone questions answered otherwise after another: %d of %d unchanged", r.Set.Title(), res.Unchanged, res.Standalone)
		}
	}
	if sum := SumFollowups(followups, true); sum.Standalone == 0 || sum.UnchangedRate() < minHeldOutUnchanged {
		t.Errorf("held-out standalone questions: %d of %d unchanged (floor %.1f%%)", sum.Unchanged, sum.Standalone, 100*minHeldOutUnchanged)
	}
	for _, r := range followups {
		if !r.Set.HeldOut || r.Set.Consecutive {
			continue
		}
		f, res := followupFloors[r.Set.Title()], r.Result
		if _, ok := followupFloors[r.Set.Title()]; !ok {
			t.Errorf("%s: no floor; measure it and add it to followupFloors", r.Set.Title())
			continue
		}
		if res.Followups == 0 || res.PassageAccuracy() < f.passage || res.FigureAccuracy() < f.figure || res.RefusedRate() < f.refused {
			t.Errorf("%s: passage %.1f%% (floor %.0f%%), figure %.1f%% (%.0f%%), negatives refused %.1f%% (%.0f%%) of %d follow-ups",
				r.Set.Title(), 100*res.PassageAccuracy(), 100*f.passage, 100*res.FigureAccuracy(), 100*f.figure, 100*res.RefusedRate(), 100*f.refused, res.Followups)
		}
	}
}

func TestReadCases(t *testing.T) {
	cases, err := ReadCases(strings.NewReader("# header\n问题一?\t12个\t12个\n\n问题二\t-\t关键\theavy\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Figure != "12个" || cases[1].Figure != "" || cases[1].Key != "关键" || cases[1].Level != "heavy" || cases[0].Level != "" || cases[1].Line != 4 {
		t.Errorf("cases = %+v", cases)
	}
	if _, err := ReadCases(strings.NewReader("only\ttwo\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed line error = %v", err)
	}
	for _, row := range []string{"问题\t12个\t\n", "问题\t-\t-\n", "\t12个\t关键\n"} {
		if _, err := ReadCases(strings.NewReader(row)); err == nil {
			t.Errorf("%q: read without its question or key", row)
		}
	}
}

// TestReadByteOrderMark: a file saved with a byte order mark (Notepad,
// Excel) reads as without one; its # header stays a comment, not a
// question, a negative or a malformed pair.
func TestReadByteOrderMark(t *testing.T) {
	cases, err := ReadCases(strings.NewReader("\ufeff# question\tfigure\tkey\tlevel\n问题一?\t12个\t12个\tclose\n"))
	if err != nil || len(cases) != 1 || cases[0].Question != "问题一?" {
		t.Errorf("ReadCases = %+v, %v; want the one question", cases, err)
	}
	negs, err := ReadNegativeRows(strings.NewReader("\ufeff# question\tkind\n2020年GDP是多少？\tyear\n"))
	if want := []NegativeRow{{"2020年GDP是多少？", "year"}}; err != nil || !slices.Equal(negs, want) {
		t.Errorf("ReadNegativeRows = %q, %v; want %q", negs, err, want)
	}
	pairs, err := ReadPairs(strings.NewReader("\ufeff# first\tsecond\tkind\tfigure\tkey\treading\n一\t二\tstandalone\t-\t-\t二\n"))
	if err != nil || len(pairs) != 1 {
		t.Errorf("ReadPairs = %+v, %v; want the one pair", pairs, err)
	}
	// A mark on the first question itself is not part of it either.
	if cases, err := ReadCases(strings.NewReader("\ufeff问题一?\t-\t关键\n")); err != nil || len(cases) != 1 || cases[0].Question != "问题一?" {
		t.Errorf("ReadCases = %+v, %v; want the question without the mark", cases, err)
	}
}

func TestBuiltin(t *testing.T) {
	cases, negatives, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 || len(negatives) < 10 {
		t.Fatalf("Builtin has %d questions and %d negatives, want the whole colloquial set", len(cases), len(negatives))
	}
}

func TestReadPairs(t *testing.T) {
	pairs, err := ReadPairs(strings.NewReader("# header\n工会会员有多少人\t那基层工会呢\tfollowup\t5.51万个\t基层工会5.51万个\t全省有多少个基层工会\n\n一\t二\tstandalone\t-\t-\t二\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 || pairs[0].Kind != KindFollowup || pairs[0].Figure != "5.51万个" || pairs[1].Key != "" || pairs[1].Figure != "" || pairs[1].Line != 4 {
		t.Errorf("pairs = %+v", pairs)
	}
	for _, bad := range []string{"一\t二\tfollowup\t-\t-\n", "一\t二\tmaybe\t-\t-\t-\n", "一\t二\tfollowup\t-\t-\t-\n"} {
		if _, err := ReadPairs(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ReadPairs(%q) error = %v, want a line 1 error", bad, err)
		}
	}
}

func TestStandalonePairs(t *testing.T) {
	set := Set{Report: "r", Name: "tuning", Cases: []Case{{Question: "一"}, {Question: "二"}}, Negatives: []string{"三"}}
	ps := StandalonePairs(set)
	if len(ps.Pairs) != 2 || ps.Pairs[0].First != "一" || ps.Pairs[1].Second != "三" || ps.Pairs[1].Kind != KindStandalone || ps.Report != "r" {
		t.Errorf("StandalonePairs = %+v", ps)
	}
}

// TestSuiteKeysAreInTheReports: every question's (and follow-up's)
// passage key is said by a passage of its report (its text or a caption
// shown with it), as the report is stored and cut, and every expected
// figure by such a passage: a case no answer can get right is a mistake
// in the set, not in the engine. Held-out rows are named by line only.
func TestSuiteKeysAreInTheReports(t *testing.T) {
	suite, reports := loadSuite(t)
	passages := map[string][]corpus.Passage{}
	for _, r := range reports {
		passages[r.ID] = r.Passages
	}
	type labelled struct {
		report, title, key, figure string
		heldOut                    bool
		n                          int
	}
	var cases []labelled
	for _, set := range suite.Sets {
		for i, c := range set.Cases {
			cases = append(cases, labelled{set.Report, set.Title(), c.Key, c.Figure, set.HeldOut, i + 1})
		}
	}
	for _, set := range suite.Followups {
		for i, p := range set.Pairs {
			if p.Key != "" {
				cases = append(cases, labelled{set.Report, set.Title(), p.Key, p.Figure, set.HeldOut, i + 1})
			}
		}
	}
	for _, c := range cases {
		held := slices.ContainsFunc(passages[c.report], func(p corpus.Passage) bool {
			return says(p.Text, p.Captions, c.key) && (c.figure == "" || says(p.Text, p.Captions, c.figure))
		})
		if !held {
			what := fmt.Sprintf("%q", c.key)
			if c.heldOut {
				what = "(held-out row)"
			}
			t.Errorf("%s row %d: no passage of the report holds key %s with its figure", c.title, c.n, what)
		}
	}
}

// TestFollowupStaysWithItsReport: in a chat about one report, a short
// question that alone is answered from another report of the suite (its
// words are common to both) is read with the question before it, which
// finds its answer in the first report; one that frames its own year is
// a question of its own.
func TestFollowupStaysWithItsReport(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const nbs = "nbs-communique-2021"
	const first, second = "全国农民工有多少人", "月收入多少"
	alone, err := e.Ask(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if !alone.Found || alone.Passage.ReportID == nbs {
		t.Fatalf("premise: %q alone should be answered from another report, got %+v", second, alone.Passage)
	}
	a, turn, err := e.Follow(ctx, nil, first)
	if err != nil || !a.Found || a.Passage.ReportID != nbs {
		t.Fatalf("premise: %q should be answered from the communiqué (%v)", first, err)
	}
	got, _, err := e.Follow(ctx, turn, second)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || got.Passage.ReportID != nbs || got.Figure == nil || got.Figure.Text != "4432元" || got.Reading == nil {
		t.Errorf("%q after %q: %+v %+v (read as %+v), want the communiqué's 4432元", second, first, got.Passage, got.Figure, got.Reading)
	}
	const framed = "2022年月收入多少"
	want, err := e.Ask(ctx, framed)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := e.Follow(ctx, turn, framed); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%q after %q: answered otherwise than alone (%v)", framed, first, err)
	}
	// A question of its own, answered alone from another report, stays
	// alone when read with the question before it finds a passage of that
	// one's report that does not say what it asked about: the passage on
	// 市场主体 says nothing of the GDP target.
	const gov = "gov-work-report-2022-national"
	const target, own = "今年GDP增长目标定了多少？", "新登记市场主体有多少户？"
	alone, err = e.Ask(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	if !alone.Found || alone.Passage.ReportID == gov {
		t.Fatalf("premise: %q alone should be answered from another report, got %+v", own, alone.Passage)
	}
	a, turn, err = e.Follow(ctx, nil, target)
	if err != nil || !a.Found || a.Passage.ReportID != gov {
		t.Fatalf("premise: %q should be answered from the government report (%v)", target, err)
	}
	if got, _, err := e.Follow(ctx, turn, own); err != nil || !reflect.DeepEqual(got, alone) {
		t.Errorf("%q after %q: read as %+v (%v), want it answered as alone", own, target, got.Reading, err)
	}
}

// A short question whose words fit the previous answer's passage as well
// as any other is read with the question before it: "死亡多少" alone is
// answered with the deaths of Covid or of accidents, but after a question
// on the year's births the communiqué's passage on population fits it as
// well, and the chat says which one the member means. Questions that fit another
// passage better stay what they said, though the previous answer's
// passage says their words too: "第一产业增加值是多少" after a question on
// the tertiary sector's share (that passage gives the primary sector's
// share, 7.3%, not its amount), "工会会员总共多少人啊" after one on the
// records collected (a count in 条, not in 人).
func TestFollowupAmbiguousAloneLeans(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const first, second, deaths = "全年出生人口是多少", "死亡多少", "1014万人"
	alone, err := e.Ask(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if !alone.Found || alone.Figure == nil || alone.Figure.Text == deaths {
		t.Fatalf("premise: %q alone should count other deaths, got %+v", second, alone.Figure)
	}
	a, turn, err := e.Follow(ctx, nil, first)
	if err != nil || !a.Found || !strings.Contains(a.Passage.Text, "死亡人口"+deaths) {
		t.Fatalf("premise: %q should be answered by the passage on population (%v)", first, err)
	}
	got, next, err := e.Follow(ctx, turn, second)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || got.Figure == nil || got.Figure.Text != deaths || got.Reading == nil || got.Reading.Because != "ambiguous" {
		t.Errorf("%q after %q: %+v (read as %+v), want %s read with it", second, first, got.Figure, got.Reading, deaths)
	}
	// Its own answer is offered, one tap away.
	if other := next.Otherwise(); !next.LeansOnPrevious() || other == nil || other.LeansOnPrevious() {
		t.Errorf("%q after %q: offers %+v, want its answer alone", second, first, other)
	} else if a, err := e.Again(ctx, other); err != nil || !reflect.DeepEqual(a, alone) {
		t.Errorf("the offer answers %+v (%v), want %+v", a.Figure, err, alone.Figure)
	}
	for _, tc := range []struct{ first, own, figure, before string }{
		{"服务业（第三产业）在经济总量中占多大比重？", "第一产业增加值是多少？", "83086亿元", "第一产业增加值"},
		{"组织信息采集了多少条", "工会会员总共多少人啊", "693.96万人", "工会会员"},
	} {
		want, err := e.Ask(ctx, tc.own)
		if err != nil {
			t.Fatal(err)
		}
		if !want.Found || want.Figure == nil || want.Figure.Text != tc.figure {
			t.Fatalf("premise: %q alone should be answered %s, got %+v", tc.own, tc.figure, want.Figure)
		}
		a, turn, err := e.Follow(ctx, nil, tc.first)
		if err != nil || !a.Found || a.Passage.Key == want.Passage.Key || !strings.Contains(a.Passage.Text, tc.before) {
			t.Fatalf("premise: %q should be answered by another passage saying %s (%v)", tc.first, tc.before, err)
		}
		if got, _, err := e.Follow(ctx, turn, tc.own); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q after %q: %+v read as %+v (%v), want it answered as alone", tc.own, tc.first, got.Figure, got.Reading, err)
		}
	}
}

// TestScopeOfTheReport: a question naming the whole nation is not
// answered from a report speaking for a city or a province unless the
// figure's own sentence says 全国 (the Shanghai budget report's 全市
// revenue, the union's 全省 members), while the reports speaking for
// their own area answer their own scope word, and 健全市场 names no
// 全市.
func TestScopeOfTheReport(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	scopes := map[string]string{}
	_, reports := loadSuite(t)
	for _, r := range reports {
		scopes[r.ID] = index.ReportScope(r)
	}
	want := map[string]string{"shanghai-budget-report-2025": "全市", "gov-work-report-2022-national": "全国",
		"nbs-communique-2021": "全国", "guizhou-trade-union-2023": "全省", "fushine-esg-report-2024-final": ""}
	if !reflect.DeepEqual(scopes, want) {
		t.Errorf("the reports' scopes: %v, want %v", scopes, want)
	}
	for _, tc := range []struct{ q, other string }{
		{"去年全国财政收入同比增幅是多少？", "shanghai-budget-report-2025"},
		{"2021年全国的财正收入总规模有多大？", "shanghai-budget-report-2025"},
		{"全国工会会员有多少人", "guizhou-trade-union-2023"},
	} {
		a, err := e.Ask(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found && a.Passage.ReportID == tc.other {
			t.Errorf("%q answered from %s, which speaks for another area: %q", tc.q, tc.other, a.Passage.Text)
		}
	}
	for _, tc := range []struct{ q, report, figure string }{
		{"全省工会会员有多少人", "guizhou-trade-union-2023", "693.96万人"},
		{"2025年全市一般公共预算收入是多少？", "shanghai-budget-report-2025", "8500.9亿元"},
		{"如何健全市场体系", "gov-work-report-2022-national", ""},
	} {
		a, err := e.Ask(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Passage.ReportID != tc.report || tc.figure != "" && (a.Figure == nil || a.Figure.Text != tc.figure) {
			t.Errorf("%q: found %v, figure %+v; want %s from %s", tc.q, a.Found, a.Figure, tc.figure, tc.report)
		}
	}
}

// TestContextClausesCountLess: a long-winded question whose context
// clause the passage does not cover is answered when the passage covers
// what it asks; with the context counting in full (Weights.Context 1) it
// is refused. Ranking does not change either way.
func TestContextClausesCountLess(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const q, figure = "嗨，我是做外贸小生意的，最近在看行情和汇率，想了解下咱们国家去年货物进出口总共做了多少钱？", "391009亿元"
	a, err := e.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Figure == nil || a.Figure.Text != figure {
		t.Fatalf("%q: found %v, figure %+v; want %s", q, a.Found, a.Figure, figure)
	}
	full := *e
	full.Weights.Context = 1
	full.Evidence.Fitted = false // the coverage rule alone: the model is sure of the passage either way
	b, err := full.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if b.Found {
		t.Errorf("with the context in full, %q is still answered: the test no longer shows the rule", q)
	}
	if b.Nearest == nil || b.Nearest.Key != a.Passage.Key {
		t.Errorf("with the context in full the nearest passage is %+v, want the same passage as %s", b.Nearest, a.Passage.Key)
	}
	// A follow-up keeps the context the question before it put first.
	_, turn, err := e.Follow(ctx, nil, q)
	if err != nil {
		t.Fatal(err)
	}
	if f, _, err := e.Follow(ctx, turn, "出口呢"); err != nil || !f.Found || f.Reading == nil || !strings.Contains(f.Passage.Text, "出口") {
		t.Errorf("\"出口呢\" after %q: found %v, read as %+v (%v); want it read with it and answered", q, f.Found, f.Reading, err)
	}
}

// A message with a subject of its own that finds nothing alone is read
// with the question before it when that finds an answer in the same
// report: "这些钱主要投哪些项目" after a question on the year's special
// bonds asks which projects they fund.
func TestFollowupRefusedAloneLeans(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const first, second, key = "今年拟安排地方政府专项债券多少？", "这些钱主要投哪些项目", "开工一批具备条件的重大工程"
	alone, err := e.Ask(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if alone.Found {
		t.Fatalf("premise: %q alone should be refused, got %q", second, alone.Passage.Text)
	}
	a, turn, err := e.Follow(ctx, nil, first)
	if err != nil || !a.Found {
		t.Fatalf("premise: %q should be answered (%v)", first, err)
	}
	got, _, err := e.Follow(ctx, turn, second)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || !strings.Contains(got.Passage.Text, key) || got.Reading == nil || got.Reading.Because != "unanswered" || got.Passage.ReportID != a.Passage.ReportID {
		t.Errorf("%q after %q: %+v read as %+v, want the passage saying %s, read with it", second, first, got.Passage, got.Reading, key)
	}
}

// A message naming no subject of its own ("占比多少") asks about the
// previous question's thing even when alone its few words find a passage
// (工伤人数占比 after a question on 研发人员); and a question naming an
// adjective used as a noun (安全) is a question of its own.
func TestFollowupWithoutSubject(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const first, second = "公司有多少研发人员？", "占比多少"
	alone, err := e.Ask(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if !alone.Found || alone.Figure == nil || alone.Figure.Text == "15.61%" {
		t.Fatalf("premise: %q alone should find another share, got %+v", second, alone.Figure)
	}
	got := afterFirst(t, e, first, second)
	if !got.Found || got.Figure == nil || got.Figure.Text != "15.61%" || got.Reading == nil {
		t.Errorf("%q after %q: %+v (read as %+v), want the share of 研发人员, 15.61%%", second, first, got.Figure, got.Reading)
	}
	// After a question the reports do not answer, a message naming no
	// subject would be read with its words. (The ESG tuning set asks
	// "独董几个人" before it, which the everyday words' third batch now
	// answers: 独董 => 独立董事.)
	const before, other = "公司食堂一顿饭多少钱", "第三方来查了几次安全"
	want, err := e.Ask(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	prev, turn, err := e.Follow(ctx, nil, before)
	if err != nil || prev.Found {
		t.Fatalf("premise: %q should not be answered (found=%v, %v)", before, prev.Found, err)
	}
	if got, _, err := e.Follow(ctx, turn, other); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%q after %q: read as %+v (%v), want it answered as alone", other, before, got.Reading, err)
	}
}

// "今年呢" after a question on 2021 asks another year than 2021: not the
// communiqué, whose own year (今年, 全年) is 2021, but the government
// report's 2022 target.
func TestFollowupAsksAnotherYear(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const first, second = "2021年全国城镇新增就业多少人？", "今年呢"
	a, turn, err := e.Follow(ctx, nil, first)
	if err != nil || !a.Found || a.Figure == nil || a.Figure.Text != "1269万人" {
		t.Fatalf("premise: %q should be answered 1269万人 (%+v, %v)", first, a.Figure, err)
	}
	got, turn, err := e.Follow(ctx, turn, second)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || got.Figure == nil || got.Figure.Text != "1100万人以上" || got.Reading == nil {
		t.Errorf("%q after %q: %+v %+v, want 2022's target, 1100万人以上", second, first, got.Passage, got.Figure)
	}
	// A third message keeps the year the second asked about, and so what
	// that year is not.
	const third = "那城镇呢"
	got, _, err = e.Follow(ctx, turn, third)
	if err != nil {
		t.Fatal(err)
	}
	if got.Found && got.Figure != nil && got.Figure.Text == "1269万人" {
		t.Errorf("%q after %q, %q: 2021's 1269万人 again", third, first, second)
	}
}

// A passage covering a question but for the thing it names, a noun the
// reports use elsewhere (会员), is refused and offered as the nearest; the
// same question without the rule is answered from it.
func TestMissingNounRefuses(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const q = "六盘水快递行业工会联合会有多少会员"
	got, err := e.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if got.Found || got.Nearest == nil || !strings.Contains(got.Nearest.Text, "快递行业工会联合会") {
		t.Errorf("%q: found=%v, nearest %+v; want refused with the 六盘水 passage offered", q, got.Found, got.Nearest)
	}
	if !slices.Equal(got.Unsaid, []string{"会员"}) {
		t.Errorf("%q: unsaid %q, want [会员]: what the offered passage does not say", q, got.Unsaid)
	}
	off := *e
	off.Weights.MissingNoun = 0
	if a, err := off.Ask(ctx, q); err != nil || !a.Found {
		t.Errorf("premise: %q should be answered without the rule (found=%v, %v)", q, a.Found, err)
	}
	for _, q := range []string{"工会会员有多少人", "农村居民人均可支配收入是多少"} {
		if a, err := e.Ask(ctx, q); err != nil || !a.Found {
			t.Errorf("%q: found=%v (%v), want an answer", q, a.Found, err)
		}
	}
}

// A question counting in a unit it names gets a figure in that unit, not
// the date of the event whose words the date's label holds; a question
// asking a share gets a share, not the change beside it. A question
// asking when still gets the date, and one asking the change the change.
func TestFigureKindRuledOut(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	for _, tc := range []struct{ question, figure string }{
		{"贵州省工会第十五次代表大会有多少名代表参加?", "706名"},
		{"第一届职工职业技能大赛有多少支代表队", "25支"},
		{"省工会第十五次代表大会哪天开幕的?", "12月18日"},
		{"网上买的实物商品占社零多大比例", "24.5%"},
		{"实物商品网上零售额比上年增长了多少", "12.0%"},
	} {
		a, err := e.Ask(ctx, tc.question)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Figure == nil || a.Figure.Text != tc.figure {
			t.Errorf("%s: found=%v figure %+v, want %s", tc.question, a.Found, a.Figure, tc.figure)
		}
	}
}

// TestElsewhere: another report's answer counts only when its figure is
// the very one asked for, whole.
func TestElsewhere(t *testing.T) {
	found := func(report, figure string) answer.Answer {
		a := answer.Answer{Found: true, Passage: &answer.Passage{ReportID: report}}
		if figure != "" {
			a.Figure = &answer.Figure{Text: figure}
		}
		return a
	}
	for _, tt := range []struct {
		name         string
		a            answer.Answer
		figure, from string
		want         bool
	}{
		{"same figure, other report", found("nbs", "0.9%"), "0.9%", "gov", true},
		{"qualifier kept", found("nbs", "3%左右"), "3%", "gov", true},
		{"full-width copy", found("nbs", "０.９％"), "0.9%", "gov", true},
		{"longer number", found("nbs", "10.9%"), "0.9%", "gov", false},
		{"more decimals", found("nbs", "0.95%"), "0.9%", "gov", false},
		{"thousands", found("nbs", "1,143,670亿元"), "143,670亿元", "gov", false},
		{"the question's own report", found("gov", "0.9%"), "0.9%", "gov", false},
		{"no figure asked", found("nbs", "0.9%"), "", "gov", false},
		{"no figure given", found("nbs", ""), "0.9%", "gov", false},
		{"refused", answer.Answer{}, "0.9%", "gov", false},
	} {
		if got := elsewhere(tt.a, tt.figure, tt.from); got != tt.want {
			t.Errorf("%s: elsewhere = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRightAnswerFigure: on the right passage a figure counts only when
// it states the one expected whole, as from another report (elsewhere):
// the passage's 10.9% is a wrong answer to a question wanting 0.9%.
func TestRightAnswerFigure(t *testing.T) {
	right := func(figure string) answer.Answer {
		a := answer.Answer{Found: true, Passage: &answer.Passage{Text: "增长10.9%，其中0.9%来自……", ReportID: "gov"}}
		if figure != "" {
			a.Figure = &answer.Figure{Text: figure}
		}
		return a
	}
	for _, tt := range []struct {
		name, got, want string
		ok              bool
	}{
		{"the figure", "0.9%", "0.9%", true},
		{"qualifier kept", "3%左右", "3%", true},
		{"full-width copy", "０.９％", "0.9%", true},
		{"unit given", "5.51万个", "5.51万", true},
		{"longer number", "10.9%", "0.9%", false},
		{"more decimals", "0.95%", "0.9%", false},
		{"a figure where none is wanted", "0.9%", "", false},
		{"none wanted, none given", "", "", true},
	} {
		passage, figure, other := rightAnswer(right(tt.got), tt.want, "增长", "gov")
		if !passage || figure != tt.ok || other {
			t.Errorf("%s: rightAnswer = %v, %v, %v; want true, %v, false", tt.name, passage, figure, other, tt.ok)
		}
	}
}

// TestLossesOf: each question lands in one place, against its ceiling.
func TestLossesOf(t *testing.T) {
	res := Result{Outcomes: []Outcome{
		{Found: true, Passage: true, Figure: true},         // right
		{Found: true, Passage: true},                       // right passage, wrong figure
		{Nearest: true, Refusal: answer.RefusedByCoverage}, // refused, top-ranked right, offered
		{Refusal: answer.RefusedByPin},                     // refused, top-ranked wrong
		{Found: true},                                      // another passage
		{Refusal: answer.RefusedByCoverage},                // refused, top-ranked right
	}}
	ceiling := Result{Outcomes: []Outcome{{Passage: true}, {Passage: true}, {Passage: true}, {}, {}, {Passage: true}}}
	got := LossesOf(res, ceiling)
	want := Losses{Questions: 6, Right: 2, WrongFigure: 1, Refused: 2, Offered: 1, Misranked: 1, Wrong: 1,
		RefusedBy: map[string]int{answer.RefusedByCoverage: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LossesOf = %+v, want %+v", got, want)
	}
	kept := maps.Clone(got.RefusedBy)
	if s := got.plus(got).String(); !strings.Contains(s, "(by coverage 4)") {
		t.Errorf("the losses say %q, want the refusals counted by rule", s)
	}
	// The nearest offered is counted among all the refused, of both kinds.
	if s := got.String(); !strings.Contains(s, "offered as the nearest for 1 of the 3 refused") {
		t.Errorf("the losses say %q, want the offered counted among the 3 refused", s)
	}
	if !reflect.DeepEqual(got.RefusedBy, kept) {
		t.Errorf("plus changed its receiver's counts: %v, was %v", got.RefusedBy, kept)
	}
	tied := Losses{Questions: 3, Refused: 3, RefusedBy: map[string]int{"year": 1, "pin": 1, "coverage": 1}}
	if s := tied.String(); !strings.Contains(s, "(by coverage 1, pin 1, year 1)") {
		t.Errorf("tied rules in %q, want them in order of their names", s)
	}
	if s := (Losses{Questions: 1, Right: 1}).String(); strings.Contains(s, "(by") {
		t.Errorf("no refusal, yet %q", s)
	}
}

// TestWriteAblation: a suite of held-out sets only (or tuning sets only)
// prints its rows with a dash for the side it has none of, rather than
// failing after every configuration was run.
func TestWriteAblation(t *testing.T) {
	sr := func(heldOut bool, right int) SetResult {
		r := Result{Name: "gse", Questions: 10, PassageRight: right, FigureRight: right, Negatives: 4, Refused: 2}
		return SetResult{Set: Set{HeldOut: heldOut}, Results: []Result{r}, Ceilings: []Result{{Questions: 10, PassageRight: 9}}}
	}
	for _, tt := range []struct {
		name    string
		results []SetResult
		want    string
	}{
		{"held-out only", []SetResult{sr(true, 7), sr(true, 5)}, "| default | – | – | – | 60.0% | 60.0% | 50.0% | 90.0% |"},
		{"tuning only", []SetResult{sr(false, 7)}, "| default | 70.0% | 70.0% | 50.0% | – | – | – | – |"},
		{"both", []SetResult{sr(false, 7), sr(true, 5)}, "| default | 70.0% | 70.0% | 50.0% | 50.0% | 50.0% | 50.0% | 90.0% |"},
	} {
		var b strings.Builder
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: WriteAblation panicked: %v", tt.name, p)
				}
			}()
			WriteAblation(&b, []string{"default"}, tt.results, len(tt.results))
		}()
		if !strings.Contains(b.String(), tt.want+"\n") {
			t.Errorf("%s: ablation table\n%s\nwant the row %s", tt.name, b.String(), tt.want)
		}
	}
}

// TestNegativesByKind: the negatives refused are summed by what makes
// them a near miss, held-out and tuning sets apart, each contender in
// turn, with how many of those let through another report answered; a
// negative whose file names no kind is left out.
func TestNegativesByKind(t *testing.T) {
	set := func(heldOut bool, kinds ...string) Set {
		return Set{Report: "r1", HeldOut: heldOut, NegativeKinds: kinds}
	}
	// res takes "" for a negative refused, else the report answering it.
	res := func(name string, from ...string) Result {
		r := Result{Name: name, NegativeReport: from}
		for _, f := range from {
			r.NegativeRefused = append(r.NegativeRefused, f == "")
		}
		return r
	}
	results := []SetResult{
		{Set: set(true, "year", "place", ""), Results: []Result{res("gse", "", "r2", ""), res("cjk", "", "", "")}},
		{Set: set(true, "year"), Results: []Result{res("gse", "r1"), res("cjk", "")}},
		{Set: set(false, "ordinal"), Results: []Result{res("gse", ""), res("cjk", "r2")}},
	}
	if got, want := negativesByKind(results, true), "negatives refused by kind, held-out: gse place 0/1, year 1/2 (let through from another report: 1); cjk place 1/1, year 2/2 (let through from another report: 0)"; got != want {
		t.Errorf("held-out: %q, want %q", got, want)
	}
	if got, want := negativesByKind(results, false), "negatives refused by kind, tuning: gse ordinal 1/1 (let through from another report: 0); cjk ordinal 0/1 (let through from another report: 1)"; got != want {
		t.Errorf("tuning: %q, want %q", got, want)
	}
	if got := negativesByKind([]SetResult{{Set: set(true), Results: []Result{res("gse", "")}}}, true); got != "" {
		t.Errorf("no kinds named, yet %q", got)
	}
	rows, err := ReadNegativeRows(strings.NewReader("# q\tkind\n2020年GDP是多少？\tyear\n没有类别的问题\n\n"))
	if want := []NegativeRow{{"2020年GDP是多少？", "year"}, {"没有类别的问题", ""}}; err != nil || !slices.Equal(rows, want) {
		t.Errorf("ReadNegativeRows = %q, %v; want %q", rows, err, want)
	}
}

// A short message nothing answers alone, whose own words prev's report
// does not say either, is read with prev's words in prev's passage: "全国
// 最美的有几个" after the union's service stations gets the 460个 named
// 全国最美 of that passage (gse cuts 最美的 as 最 + 美的, a brand). A long
// one stays what it says: "酿酒做茶绣花的那些工匠评了多少个" (a tuning
// set's standalone row) is refused as alone, though read in the previous
// passage it would get the 120名 its writer expects — a standalone
// message never changes (issue 13), right or not.
func TestShortFollowupReadInPrevPassage(t *testing.T) {
	ctx := context.Background()
	e := suiteEngine(t)
	const first, second = "城区户外劳动者综合服务站建了多少个?", "全国最美的有几个"
	if alone, err := e.Ask(ctx, second); err != nil || alone.Found {
		t.Fatalf("premise: %q alone should be refused (found=%v, %v)", second, alone.Found, err)
	}
	got := afterFirst(t, e, first, second)
	if !got.Found || got.Figure == nil || got.Figure.Text != "460个" || got.Reading == nil || got.Reading.Because != "unanswered" {
		t.Errorf("%q after %q: %+v read as %+v, want 460个 read with the question before", second, first, got.Figure, got.Reading)
	}
	const before, long = "贵州工匠选树命名了多少名", "酿酒做茶绣花的那些工匠评了多少个"
	want, err := e.Ask(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	if got := afterFirst(t, e, before, long); !reflect.DeepEqual(got, want) {
		t.Errorf("%q after %q: read as %+v, want it answered as alone", long, before, got.Reading)
	}
}

// afterFirst asks first, then second in the same chat, and returns the
// answer to second.
func afterFirst(t *testing.T, e *answer.Engine, first, second string) answer.Answer {
	t.Helper()
	ctx := context.Background()
	_, turn, err := e.Follow(ctx, nil, first)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := e.Follow(ctx, turn, second)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
