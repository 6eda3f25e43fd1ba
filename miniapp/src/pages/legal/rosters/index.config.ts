export default definePageConfig({
  navigationBarTitleText: "法律咨询排班",
});
